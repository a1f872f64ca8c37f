/**
 * Production calendar seed of migration 1764400000000 (frozen with it; edit through the API).
 *
 * A day is working when it is Monday–Friday and has no 'holiday'/'dayoff' row, or when it has a
 * 'workday' row (a transferred working Saturday). Transfers are whatever the Government's yearly
 * decree (ТК РФ ст. 112 ч. 5) says; a holiday falling on a weekend moves to the next working day by
 * the statute itself (ст. 112 ч. 2) unless the decree moves it elsewhere (2025: 23.02 → 08.05,
 * 08.03 → 13.06), so those automatic moves are seeded as explicit 'dayoff' rows too: the table is
 * the whole truth, the code adds no rule of its own.
 *
 * Not seeded: the "non-working days with pay" declared by presidential decrees in 2020–2021
 * (30.03–08.05.2020, 24.06.2020, 01.07.2020, 04–07.05.2021, 30.10–07.11.2021): they were not days off
 * in the ТК sense and did not move civil-law deadlines (Supreme Court Review No. 1 of 21.04.2020,
 * question 2); add them as 'dayoff' rows if a court decides otherwise.
 */
export type CalendarSeedRow = [string, 'holiday' | 'workday' | 'dayoff', string, string];

const HOLIDAYS: [string, string][] = [
  ['01-01', 'Новогодние каникулы'],
  ['01-02', 'Новогодние каникулы'],
  ['01-03', 'Новогодние каникулы'],
  ['01-04', 'Новогодние каникулы'],
  ['01-05', 'Новогодние каникулы'],
  ['01-06', 'Новогодние каникулы'],
  ['01-07', 'Рождество Христово'],
  ['01-08', 'Новогодние каникулы'],
  ['02-23', 'День защитника Отечества'],
  ['03-08', 'Международный женский день'],
  ['05-01', 'Праздник Весны и Труда'],
  ['05-09', 'День Победы'],
  ['06-12', 'День России'],
  ['11-04', 'День народного единства'],
];
export const HOLIDAY_YEARS = { from: 2016, to: 2027 };

/** Federal non-working holidays (ТК РФ ст. 112 ч. 1) for every seeded year. */
export function holidayRows(): CalendarSeedRow[] {
  const rows: CalendarSeedRow[] = [];
  for (let y = HOLIDAY_YEARS.from; y <= HOLIDAY_YEARS.to; y++) {
    const note = y === 2027 ? ' (transfers for 2027 not yet published)' : '';
    for (const [md, name] of HOLIDAYS)
      rows.push([`${y}-${md}`, 'holiday', name + note, 'ТК РФ ст. 112 ч. 1']);
  }
  return rows;
}

const ART112 = 'ТК РФ ст. 112 ч. 2 (holiday on a weekend: the next working day is off)';
/** Yearly transfer decrees, with the public pages the transfers were checked against. */
// prettier-ignore
const DECREE: Record<number, string> = {
  2016: 'Постановление Правительства РФ от 24.09.2015 № 1017 — https://m.interfax.ru/469373',
  2017: 'Постановление Правительства РФ от 04.08.2016 № 756 — https://dz7.kodms.ru/news/pravitelstvo-rf-utverdilo-postanovlenie-o-perenose',
  2018: 'Постановление Правительства РФ о переносе выходных дней в 2018 году (Oct 2017; number not confirmed) — https://interfax.ru/russia/583647',
  2019: 'Постановление Правительства РФ от 01.10.2018 № 1163 — https://viselki.net/node/2446',
  2020: 'Постановление Правительства РФ о переносе выходных дней в 2020 году (Jul 2019; number not confirmed) — https://78.ru/news/2019-07-13/rossiyane_budut_otdihat_na_novii_god_8_dnei',
  2021: 'Постановление Правительства РФ о переносе выходных дней в 2021 году (Oct 2020; number not confirmed) — https://tagilcity.ru/news/society/16-10-2020/v-2021-godu-31-dekabrya-ob-yavleno-vyhodnym-dnem',
  2022: 'Постановление Правительства РФ о переносе выходных дней в 2022 году (Sep 2021; number not confirmed) — http://www.admbal.ru/news_all/pravitelstvo-rf-opredelilo-kogda-rossiyane-budut-otdykhat-v-2022-godu/',
  2023: 'Постановление Правительства РФ от 29.08.2022 № 1505 — https://tiheya.ru/node/15',
  2024: 'Постановление Правительства РФ от 10.08.2023 № 1314 — https://normativ.kontur.ru/document?documentId=454126&moduleId=1',
  2025: 'Постановление Правительства РФ от 04.10.2024 № 1335 — https://teko.cntd.ru/news/read/reglamentirovan-perenos-vyhodnyh-dney-v-2025-godu/novosti-po-okhrane-truda',
  2026: 'Постановление Правительства РФ от 24.09.2025 № 1466 — https://tvzvezda.ru/news/20259241717-euA9P.html',
};

/** [day, kind, note, 'decree' | 'art112'] — days off and working Saturdays of 2016–2026. */
// prettier-ignore
const TRANSFERS: [string, 'workday' | 'dayoff', string, 'decree' | 'art112'][] = [
  ['2016-02-20', 'workday', 'рабочая суббота за пн 22.02', 'decree'],
  ['2016-02-22', 'dayoff', 'перенос с сб 20.02', 'decree'],
  ['2016-03-07', 'dayoff', 'перенос с вс 03.01', 'decree'],
  ['2016-05-02', 'dayoff', '01.05 в воскресенье', 'art112'],
  ['2016-05-03', 'dayoff', 'перенос с сб 02.01', 'decree'],
  ['2016-06-13', 'dayoff', '12.06 в воскресенье', 'art112'],
  ['2017-02-24', 'dayoff', 'перенос с вс 01.01', 'decree'],
  ['2017-05-08', 'dayoff', 'перенос с сб 07.01', 'decree'],
  ['2017-11-06', 'dayoff', '04.11 в субботу', 'art112'],
  ['2018-03-09', 'dayoff', 'перенос с сб 06.01', 'decree'],
  ['2018-04-28', 'workday', 'рабочая суббота за пн 30.04', 'decree'],
  ['2018-04-30', 'dayoff', 'перенос с сб 28.04', 'decree'],
  ['2018-05-02', 'dayoff', 'перенос с вс 07.01', 'decree'],
  ['2018-06-09', 'workday', 'рабочая суббота за пн 11.06', 'decree'],
  ['2018-06-11', 'dayoff', 'перенос с сб 09.06', 'decree'],
  ['2018-11-05', 'dayoff', '04.11 в воскресенье', 'art112'],
  ['2018-12-29', 'workday', 'рабочая суббота за пн 31.12', 'decree'],
  ['2018-12-31', 'dayoff', 'перенос с сб 29.12', 'decree'],
  ['2019-05-02', 'dayoff', 'перенос с сб 05.01', 'decree'],
  ['2019-05-03', 'dayoff', 'перенос с вс 06.01', 'decree'],
  ['2019-05-10', 'dayoff', 'перенос с сб 23.02', 'decree'],
  ['2020-02-24', 'dayoff', '23.02 в воскресенье', 'art112'],
  ['2020-03-09', 'dayoff', '08.03 в воскресенье', 'art112'],
  ['2020-05-04', 'dayoff', 'перенос с сб 04.01', 'decree'],
  ['2020-05-05', 'dayoff', 'перенос с вс 05.01', 'decree'],
  ['2020-05-11', 'dayoff', '09.05 в субботу', 'art112'],
  ['2021-02-20', 'workday', 'рабочая суббота за пн 22.02', 'decree'],
  ['2021-02-22', 'dayoff', 'перенос с сб 20.02', 'decree'],
  ['2021-05-03', 'dayoff', '01.05 в субботу', 'art112'],
  ['2021-05-10', 'dayoff', '09.05 в воскресенье', 'art112'],
  ['2021-06-14', 'dayoff', '12.06 в субботу', 'art112'],
  ['2021-11-05', 'dayoff', 'перенос с сб 02.01', 'decree'],
  ['2021-12-31', 'dayoff', 'перенос с вс 03.01', 'decree'],
  ['2022-03-05', 'workday', 'рабочая суббота за пн 07.03', 'decree'],
  ['2022-03-07', 'dayoff', 'перенос с сб 05.03', 'decree'],
  ['2022-05-02', 'dayoff', '01.05 в воскресенье', 'art112'],
  ['2022-05-03', 'dayoff', 'перенос с сб 01.01', 'decree'],
  ['2022-05-10', 'dayoff', 'перенос с вс 02.01', 'decree'],
  ['2022-06-13', 'dayoff', '12.06 в воскресенье', 'art112'],
  ['2023-02-24', 'dayoff', 'перенос с вс 01.01', 'decree'],
  ['2023-05-08', 'dayoff', 'перенос с вс 08.01', 'decree'],
  ['2023-11-06', 'dayoff', '04.11 в субботу', 'art112'],
  ['2024-04-27', 'workday', 'рабочая суббота за пн 29.04', 'decree'],
  ['2024-04-29', 'dayoff', 'перенос с сб 27.04', 'decree'],
  ['2024-04-30', 'dayoff', 'перенос с сб 02.11', 'decree'],
  ['2024-05-10', 'dayoff', 'перенос с сб 06.01', 'decree'],
  ['2024-11-02', 'workday', 'рабочая суббота за вт 30.04', 'decree'],
  ['2024-12-28', 'workday', 'рабочая суббота за пн 30.12', 'decree'],
  ['2024-12-30', 'dayoff', 'перенос с сб 28.12', 'decree'],
  ['2024-12-31', 'dayoff', 'перенос с вс 07.01', 'decree'],
  ['2025-05-02', 'dayoff', 'перенос с сб 04.01', 'decree'],
  ['2025-05-08', 'dayoff', 'перенос с вс 23.02', 'decree'],
  ['2025-06-13', 'dayoff', 'перенос с сб 08.03', 'decree'],
  ['2025-11-01', 'workday', 'рабочая суббота за пн 03.11', 'decree'],
  ['2025-11-03', 'dayoff', 'перенос с сб 01.11', 'decree'],
  ['2025-12-31', 'dayoff', 'перенос с вс 05.01', 'decree'],
  ['2026-01-09', 'dayoff', 'перенос с сб 03.01', 'decree'],
  ['2026-03-09', 'dayoff', '08.03 в воскресенье', 'art112'],
  ['2026-05-11', 'dayoff', '09.05 в субботу', 'art112'],
  ['2026-12-31', 'dayoff', 'перенос с вс 04.01', 'decree'],
];

export function transferRows(): CalendarSeedRow[] {
  return TRANSFERS.map(([day, kind, note, basis]) => {
    const decree = DECREE[Number(day.slice(0, 4))];
    return [day, kind, note, basis === 'decree' ? decree : `${ART112}; days off listed in ${decree}`];
  });
}

/** Every seeded calendar row, in day order. */
export function calendarRows(): CalendarSeedRow[] {
  return [...holidayRows(), ...transferRows()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
