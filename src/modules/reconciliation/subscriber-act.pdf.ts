import { dec, groupedMoney } from 'src/shared/money';
import { heading, keyValues, renderPdf, signatures, table } from 'src/shared/pdf';
import { SubscriberActResponseDto } from './dto/subscriber-act.dto';

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
