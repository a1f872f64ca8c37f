/**
 * Seed rows of migration 1764400000000 (penalty rules), as they were shipped. Kept beside the
 * migration and frozen with it: later changes are made through the API (or a new migration), never
 * here. The unit tests of the penalty engine build their rules from these same rows, so "the engine
 * on the shipped rules" is what they check.
 */
export type Confirmed = 'yes' | 'partly' | 'no';

const MSHATALOVA =
  'https://mshatalova.ru/raznoe/stavka-refinansirovaniya-cb-rf-tablica-po-godam-informaciya-o-stavke-refinansirovaniya-cb-rf.html';
const GARANT_TABLE =
  'https://pharma-pravo.ru/ekspertnoe-mnenie/zamena-stavki-refinansirovaniya-na-klyuchevuyu-stavku (Garant table)';
const VLADCONS = 'https://vladcons.ru/2021/03/23/centralnyj-bank-rossii-povysil-klyuchevuyu-stavku/';
const SPMAG = 'https://spmag.ru/news/s-11-04-2022-klyuchevaya-stavka-snizhena-do-17';
const ITS_1C_2022 = 'http://its.1c.ru/db/content/newscomm/src/480163.htm';
const TENCHAT = 'https://tenchat.ru/media/1530740-klyuchevyye-stavki-v-stranakh-sng';
const UNCONFIRMED = 'not confirmed in a retrieved source; check against cbr.ru/hd_base/KeyRate';

/** CBR key rate history: [effective from, % per annum, confirmed, source] — every row of key-rates.csv. */
// prettier-ignore
export const KEY_RATES: [string, string, Confirmed, string][] = [
  ['2016-01-01', '11.00', 'yes', `refinancing rate equals the key rate (Указание 3894-У) — ${MSHATALOVA}`],
  ['2016-06-14', '10.50', 'yes', 'https://www.mari-audit.ru/Home/ViewNews/687'],
  ['2016-09-19', '10.00', 'yes', MSHATALOVA],
  ['2017-03-27', '9.75', 'yes', MSHATALOVA],
  ['2017-05-02', '9.25', 'yes', MSHATALOVA],
  ['2017-06-19', '9.00', 'yes', MSHATALOVA],
  ['2017-09-18', '8.50', 'yes', MSHATALOVA],
  ['2017-10-30', '8.25', 'yes', MSHATALOVA],
  ['2017-12-18', '7.75', 'yes', MSHATALOVA],
  ['2018-02-12', '7.50', 'yes', MSHATALOVA],
  ['2018-03-26', '7.25', 'yes', MSHATALOVA],
  ['2018-09-17', '7.50', 'yes', MSHATALOVA],
  ['2018-12-17', '7.75', 'yes', MSHATALOVA],
  ['2019-06-17', '7.50', 'yes', GARANT_TABLE],
  ['2019-07-29', '7.25', 'yes', GARANT_TABLE],
  ['2019-09-09', '7.00', 'yes', GARANT_TABLE],
  ['2019-10-28', '6.50', 'yes', GARANT_TABLE],
  ['2019-12-16', '6.25', 'yes', GARANT_TABLE],
  ['2020-02-10', '6.00', 'yes', GARANT_TABLE],
  ['2020-04-27', '5.50', 'no', UNCONFIRMED],
  ['2020-06-22', '4.50', 'yes', 'https://business.communication-academy.eu/blog/page/913 (decision 19.06.2020)'],
  ['2020-07-27', '4.25', 'partly', `value: ${VLADCONS}; date ${UNCONFIRMED}`],
  ['2021-03-22', '4.50', 'yes', VLADCONS],
  ['2021-04-26', '5.00', 'no', UNCONFIRMED],
  ['2021-06-15', '5.50', 'no', UNCONFIRMED],
  ['2021-07-26', '6.50', 'no', UNCONFIRMED],
  ['2021-09-13', '6.75', 'no', UNCONFIRMED],
  ['2021-10-25', '7.50', 'yes', 'https://kvartalspb.ru/main/news/22102021 (decision 22.10.2021)'],
  ['2021-12-20', '8.50', 'no', UNCONFIRMED],
  ['2022-02-14', '9.50', 'partly', `9.5 % on 27.02.2022: https://www.audit-it.ru/news/finance/1057793.html; date ${UNCONFIRMED}`],
  ['2022-02-28', '20.00', 'yes', SPMAG],
  ['2022-04-11', '17.00', 'yes', SPMAG],
  ['2022-05-04', '14.00', 'no', UNCONFIRMED],
  ['2022-05-27', '11.00', 'no', UNCONFIRMED],
  ['2022-06-14', '9.50', 'partly', `value: ${ITS_1C_2022}; date ${UNCONFIRMED}`],
  ['2022-07-25', '8.00', 'yes', ITS_1C_2022],
  ['2022-09-19', '7.50', 'yes', 'https://roskvartal.ru/news/vzyskanie-dolgov/14606'],
  ['2023-07-24', '8.50', 'partly', `${TENCHAT} (8.5 % before the August hike)`],
  ['2023-08-15', '12.00', 'partly', `${TENCHAT} (extraordinary meeting); date ${UNCONFIRMED}`],
  ['2023-09-18', '13.00', 'no', UNCONFIRMED],
  ['2023-10-30', '15.00', 'no', UNCONFIRMED],
  ['2023-12-18', '16.00', 'partly', 'https://menafn.com/1110245794/Russia-Lowers-Interest-Rate-to-165-Percent'],
  ['2024-07-29', '18.00', 'yes', 'http://zakupki-inform.ru/publikatsii-44-fz/zakupki-v-smi/s-29-iyulya-2024-g-razmer-klyuchevoj-stavki-povysili-do-18-godovykh-082024.html'],
  ['2024-09-16', '19.00', 'yes', 'https://its.1c.ru./db/content/newscomm/src/491069.htm'],
  ['2024-10-28', '21.00', 'partly', 'https://ria.ru/20251114/tsb-2054917643.html (21 % from end of October 2024)'],
  ['2025-06-09', '20.00', 'partly', 'decision 06.06.2025, in force the next Monday'],
  ['2025-07-28', '18.00', 'yes', 'https://biznesinalogi.ru/lenta/post/54634'],
  ['2025-09-15', '17.00', 'partly', 'https://www.rttnews.com/3573780/russia-central-bank-cuts-rate-by-100-bps.aspx (decision 12.09.2025)'],
  ['2025-10-27', '16.50', 'partly', 'https://tass.com/economy/2034711 (decision 24.10.2025)'],
  ['2025-12-22', '16.00', 'partly', 'https://www.themoscowtimes.com/2025/12/19/russian-central-bank-slashes-key-rate-to-16-a91487'],
  ['2026-02-16', '15.50', 'yes', 'https://urogay-smol.ru/articles/11887-s-16-fevralia-kliucevaia-stavka-snizena-do-155'],
];

/** Cap policy (decree 474 of 26.03.2022 and its extensions): [from, to, kind, cap %, source]. */
// prettier-ignore
export const RATE_CAPS: [string, string, 'fixed' | 'min_of_key_rate', string, string][] = [
  ['2022-02-28', '2022-09-22', 'fixed', '9.500', 'Постановление Правительства РФ от 26.03.2022 № 474: key rate of 27.02.2022 (9.5 %) — https://www.audit-it.ru/news/finance/1057793.html'],
  ['2022-09-23', '2022-12-31', 'min_of_key_rate', '9.500', 'Постановление № 1681 от 23.09.2022: the lower of 9.5 % and the payment-day key rate — https://roskvartal.ru/news/vzyskanie-dolgov/14606'],
  ['2023-01-01', '2023-12-31', 'min_of_key_rate', '9.500', 'Постановление № 2479 от 28.12.2022: extended to 2023'],
  ['2024-01-01', '2024-12-31', 'min_of_key_rate', '9.500', 'Постановление № 2382 от 29.12.2023: extended to 2024 — https://interfax.ru/russia/938627'],
  ['2025-01-01', '2026-12-31', 'min_of_key_rate', '9.500', 'Постановление № 329 от 18.03.2025: 2025–2026, applied to relations from 01.01.2025 (project default; pg13.ru reads 18.03.2025) — https://www.ng.ru/news/827212.html'],
];

/** Moratoria (no penalty for days inside, inclusive): [from, to, scope, source]. */
// prettier-ignore
export const MORATORIA: [string, string, 'all_debts' | 'debts_arisen_before_start', string][] = [
  ['2020-04-06', '2020-12-31', 'all_debts', 'Постановление № 424 от 02.04.2020 ("до 1 января 2021"); 01.01.2021 out per Garant — https://garant.ru/news/1475821'],
  ['2022-04-01', '2022-10-01', 'all_debts', 'Постановление № 497 от 28.03.2022 (bankruptcy moratorium); scope all debts by project default — https://www.garant.ru/news/1540701/'],
];

/** Fractions of the rate per delay day (ЖК РФ ст. 155 ч. 14 as of 307-ФЗ): [from, fromDay, toDay, denominator]. */
// prettier-ignore
export const FRACTIONS: [string, number, number | null, number | null, string][] = [
  ['2016-01-01', 1, 30, null, 'ЖК РФ ст. 155 ч. 14 (307-ФЗ от 03.11.2015): days 1–30 free'],
  ['2016-01-01', 31, 90, 300, 'ЖК РФ ст. 155 ч. 14: 1/300 of the rate from day 31 to day 90'],
  ['2016-01-01', 91, null, 130, 'ЖК РФ ст. 155 ч. 14: 1/130 of the rate from day 91 until payment'],
];

/** Due dates: [first period, last period, day, months after the period, source]. */
// prettier-ignore
export const DUE_RULES: [string, string | null, number, number, string][] = [
  ['2005-03-01', '2026-02-01', 10, 1, 'ЖК РФ ст. 155 ч. 1 (before 177-ФЗ): by the 10th of the following month'],
  ['2026-03-01', null, 15, 1, '177-ФЗ от 24.06.2025: by the 15th, first for March 2026 charges — http://gkh24.ru/news/view/816'],
];
