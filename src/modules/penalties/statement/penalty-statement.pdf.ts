import { dec, groupedMoney } from 'src/shared/money';
import { heading, keyValues, renderPdf, table, TableColumn } from 'src/shared/pdf';
import { PenaltyCalculationResponseDto } from '../dto/penalty-calculation.dto';

const COLUMNS: TableColumn[] = [
  { header: 'Период', width: 7 },
  { header: 'Задолженность, ₽', width: 10, align: 'right' },
  { header: 'С', width: 8 },
  { header: 'По', width: 8 },
  { header: 'Дней', width: 5, align: 'right' },
  { header: 'Доля ставки', width: 6, align: 'center' },
  { header: 'Ставка, %', width: 6, align: 'right' },
  { header: 'Формула', width: 24 },
  { header: 'Пени, ₽', width: 9, align: 'right' },
];

/** "2025-02-24" → "24.02.2025", as Russian courts print dates. */
export function ruDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export interface PenaltyPdfHeader {
  title: string;
  /** Label–value lines printed under the title (account, date of calculation…). */
  lines: [string, string][];
  /** The document's own date (for deterministic bytes). */
  createdOn: string;
}

/**
 * The penalty table for court (ЖК РФ ст. 155 ч. 14): one line per row of the engine — period, debt,
 * from, to, days, fraction, rate, formula, penalty — then per-period totals and the total.
 */
export function penaltyStatementPdf(
  header: PenaltyPdfHeader,
  result: PenaltyCalculationResponseDto,
): Promise<Buffer> {
  const rows = result.rows.map((r) => [
    r.period,
    groupedMoney(dec(r.balance)),
    ruDate(r.from),
    ruDate(r.to),
    String(r.days),
    r.fraction,
    r.ratePercent,
    r.formula,
    groupedMoney(dec(r.amount)),
  ]);
  rows.push(['Итого', '', '', '', '', '', '', '', groupedMoney(dec(result.total))]);
  return renderPdf(
    { title: header.title, createdAt: new Date(`${header.createdOn}T00:00:00Z`), landscape: true },
    (doc) => {
      heading(doc, header.title);
      keyValues(doc, header.lines);
      table(doc, COLUMNS, rows, { boldRows: new Set([rows.length - 1]) });
      if (result.debts.length > 0) {
        heading(doc, 'Итоги по периодам', 10);
        table(
          doc,
          [
            { header: 'Период', width: 8 },
            { header: 'Срок оплаты', width: 10 },
            { header: 'Начислено, ₽', width: 10, align: 'right' },
            { header: 'Оплачено, ₽', width: 10, align: 'right' },
            { header: 'Пени, ₽', width: 10, align: 'right' },
          ],
          result.debts.map((d) => [
            d.period,
            ruDate(d.dueDate),
            groupedMoney(dec(d.amount)),
            groupedMoney(dec(d.paid)),
            groupedMoney(dec(d.penalty)),
          ]),
        );
      }
      keyValues(doc, [['Итого пени', `${groupedMoney(dec(result.total))} ₽`]]);
    },
  );
}
