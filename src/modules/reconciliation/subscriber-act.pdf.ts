import { dec, groupedMoney } from 'src/shared/money';
import { heading, keyValues, renderPdf, signatures, table } from 'src/shared/pdf';
import { SubscriberActResponseDto } from './dto/subscriber-act.dto';
import { VolumeReconciliationResponseDto } from './dto/volume-reconciliation.dto';

const ru = (iso: string): string => iso.split('-').reverse().join('.');
const money = (s: string): string => groupedMoney(dec(s));

/** The printed act: parties, opening balance, the entries, turnover, closing balance split, signatures. */
export function subscriberActPdf(act: SubscriberActResponseDto): Promise<Buffer> {
  const title = `Акт сверки расчётов по лицевому счёту ${act.parties.accountNumber}`;
  return renderPdf({ title, createdAt: new Date(`${act.to}T00:00:00Z`) }, (doc) => {
    heading(doc, title);
    keyValues(doc, [
      ['Исполнитель', act.parties.organisationName],
      ['Потребитель', act.parties.holderName],
      ['Адрес', act.parties.address],
      ['Период сверки', `с ${ru(act.from)} по ${ru(act.to)}`],
      [
        'Сальдо на начало',
        `${money(act.opening.total)} ₽ (основной долг ${money(act.opening.principal)}, пени ${money(act.opening.penalty)})`,
      ],
    ]);
    const rows = act.entries.map((e) => [
      ru(e.date),
      e.description,
      money(e.debit),
      money(e.credit),
      money(e.balance),
    ]);
    rows.push([
      '',
      'Обороты за период',
      money(act.turnover.debit),
      money(act.turnover.credit),
      money(act.closing.total),
    ]);
    table(
      doc,
      [
        { header: 'Дата', width: 10 },
        { header: 'Операция', width: 42 },
        { header: 'Начислено, ₽', width: 14, align: 'right' },
        { header: 'Оплачено, ₽', width: 14, align: 'right' },
        { header: 'Сальдо, ₽', width: 14, align: 'right' },
      ],
      rows,
      { boldRows: new Set([rows.length - 1]) },
    );
    keyValues(doc, [
      ['Сальдо на конец', `${money(act.closing.total)} ₽`],
      ['в том числе основной долг', `${money(act.closing.principal)} ₽`],
      ['в том числе пени', `${money(act.closing.penalty)} ₽`],
    ]);
    signatures(doc, ['От исполнителя', 'Потребитель']);
  });
}

const vol = (v: string | null): string => v ?? '—';

/** The supplier reconciliation of volumes: a landscape table per building and service, then totals per supplier. */
export function volumeReconciliationPdf(r: VolumeReconciliationResponseDto): Promise<Buffer> {
  const title = `Сверка объёмов с ресурсоснабжающими организациями за ${r.period}`;
  const columns = [
    { header: 'Дом / поставщик', width: 20 },
    { header: 'Услуга', width: 10 },
    { header: 'ОДПУ', width: 8, align: 'right' as const },
    { header: 'По ИПУ', width: 8, align: 'right' as const },
    { header: 'По среднему', width: 8, align: 'right' as const },
    { header: 'По нормативу', width: 8, align: 'right' as const },
    { header: 'Прочие', width: 7, align: 'right' as const },
    { header: 'Индивид. всего', width: 8, align: 'right' as const },
    { header: 'ОДН', width: 8, align: 'right' as const },
    { header: 'Расхождение', width: 9, align: 'right' as const },
  ];
  return renderPdf({ title, createdAt: new Date(`${r.period}-01T00:00:00Z`), landscape: true }, (doc) => {
    heading(doc, title);
    table(
      doc,
      columns,
      r.rows.map((x) => [
        `${x.address} (${x.supplierName ?? '—'})`,
        `${x.serviceCode}, ${x.unit}`,
        vol(x.houseVolume),
        x.metered,
        x.average,
        x.norm,
        x.other,
        x.individual,
        x.commonProperty,
        vol(x.discrepancy),
      ]),
    );
    heading(doc, 'Итого по поставщикам', 10);
    table(
      doc,
      columns,
      r.totals.map((t) => [
        t.supplierName ?? '—',
        `${t.serviceCode}, ${t.unit}`,
        t.houseVolume,
        t.metered,
        t.average,
        t.norm,
        t.other,
        t.individual,
        t.commonProperty,
        t.discrepancy,
      ]),
    );
    signatures(doc, ['От исполнителя', 'От ресурсоснабжающей организации']);
  });
}
