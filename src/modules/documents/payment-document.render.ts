import { dec, groupedMoney } from 'src/shared/money';
import {
  FONT_BOLD,
  FONT_REGULAR,
  heading,
  keyValues,
  newPdf,
  PdfDoc,
  pdfToBuffer,
  table,
} from 'src/shared/pdf';
import { opaqueQrPng } from './qr/qr-image';
import { PayeeSection, PaymentDocumentContent } from './domain/payment-document.types';

const MONTHS = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];
const QR_SIZE = 96;

/** "2026-03" → "март 2026". */
export function periodLabel(period: string): string {
  return `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
}

/** "2026-04-15" → "15.04.2026". */
export function ruDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

const money = (v: string) => groupedMoney(dec(v));

const UNITS: Record<string, string> = { m3: 'м³', m2: 'м²', kWh: 'кВт·ч', Gcal: 'Гкал' };
/** The unit as printed: "m3" → "м³" (the content keeps the code). */
const unitLabel = (unit: string) => UNITS[unit] ?? unit;

/**
 * The payment document as an A4 PDF, a pure function of the frozen content (and nothing else): the
 * same content gives the same bytes, which is what makes reprints identical. Black on white, ruled
 * tables, one QR code per payee. `createdAt` in the file is the issue date (the period's first day in a preview).
 */
export async function renderPaymentDocumentPdf(c: PaymentDocumentContent): Promise<Buffer> {
  const qrs = c.payees.map((p) => (p.qr ? opaqueQrPng(p.qr) : null));
  const createdAt = new Date(`${c.issuedOn ?? `${c.period}-01`}T00:00:00Z`);
  const title = c.number ? `ЕПД № ${c.number}` : 'ЕПД (предварительный просмотр)';
  const doc = newPdf({
    title,
    subject: `Платёжный документ за ${periodLabel(c.period)}`,
    createdAt,
    margin: 32,
    seededFonts: true,
  });
  drawHeader(doc, c);
  c.payees.forEach((p, i) => drawPayee(doc, p, qrs[i]));
  drawServices(doc, c);
  drawBalance(doc, c);
  drawReference(doc, c);
  heading(doc, 'Уведомление', 10);
  doc.font(FONT_REGULAR).fontSize(8).text(c.notice);
  return pdfToBuffer(doc);
}

function drawHeader(doc: PdfDoc, c: PaymentDocumentContent): void {
  heading(
    doc,
    `ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ${c.number ? ` № ${c.number}` : ' (проект)'} за ${periodLabel(c.period)}`,
    12,
  );
  if (c.supersedes) {
    doc
      .font(FONT_BOLD)
      .text(`Исправленный документ: заменяет № ${c.supersedes.number}. Причина: ${c.supersedes.reason}`);
    doc.font(FONT_REGULAR).moveDown(0.2);
  }
  keyValues(doc, [
    ['Плательщик', c.payer.name],
    ['Адрес', c.payer.address],
    ['Лицевой счёт', c.account.number],
    ['Площадь, м²', c.payer.area],
    ['Проживает, чел.', String(c.payer.residents)],
    ['Дата выставления', c.issuedOn ? ruDate(c.issuedOn) : null],
    ['Оплатить до', ruDate(c.balance.dueDate)],
  ]);
  const e = c.executor;
  keyValues(doc, [
    ['Исполнитель', `${e.name}, ИНН ${e.inn}${e.kpp ? `, КПП ${e.kpp}` : ''}`],
    ['Реквизиты', `р/с ${e.settlementAccount} в ${e.bankName}, БИК ${e.bic}, к/с ${e.correspondentAccount}`],
  ]);
}

function drawPayee(doc: PdfDoc, s: PayeeSection, qr: Buffer | null): void {
  if (doc.y + QR_SIZE + 20 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right - QR_SIZE - 10;
  doc.font(FONT_BOLD).fontSize(9).text(`Получатель платежа: ${s.payee.name}`, left, top, { width });
  doc.font(FONT_REGULAR).fontSize(8);
  doc.text(
    `ИНН ${s.payee.inn}${s.payee.kpp ? `, КПП ${s.payee.kpp}` : ''}; р/с ${s.payee.settlementAccount}`,
    { width },
  );
  doc.text(`${s.payee.bankName}, БИК ${s.payee.bic}, к/с ${s.payee.correspondentAccount}`, { width });
  doc.text(`Услуги: ${s.serviceCodes.length ? s.serviceCodes.join(', ') : 'задолженность, пени'}`, { width });
  doc
    .font(FONT_BOLD)
    .fontSize(10)
    .text(`Сумма к оплате: ${money(s.toPay)} руб.`, { width });
  if (!qr)
    doc
      .font(FONT_REGULAR)
      .fontSize(8)
      .text(`QR-код не сформирован: ${s.qrError ?? ''}`, { width });
  const textBottom = doc.y;
  if (qr) doc.image(qr, left + width + 10, top, { width: QR_SIZE, height: QR_SIZE });
  doc.x = left;
  doc.y = Math.max(textBottom, qr ? top + QR_SIZE : textBottom) + 6;
  doc.font(FONT_REGULAR).fontSize(9);
}

function drawServices(doc: PdfDoc, c: PaymentDocumentContent): void {
  heading(doc, 'Расчёт размера платы', 10);
  const rows = c.services.map((s) => [
    s.name,
    unitLabel(s.unit),
    s.kind === 'individual' ? s.volume : '',
    s.kind === 'common' ? s.volume : '',
    s.tariff,
    money(s.chargedBase),
    s.coefficient ? `×${s.coefficient}: ${money(s.coefficientAmount)}` : '',
    money(s.recalculated),
    money(s.total),
  ]);
  const b = c.balance;
  const total = dec(b.charged).plus(b.coefficientAmount).plus(b.recalculated).toFixed(2);
  rows.push([
    'Итого',
    '',
    '',
    '',
    '',
    money(b.charged),
    money(b.coefficientAmount),
    money(b.recalculated),
    money(total),
  ]);
  table(
    doc,
    [
      { header: 'Услуга', width: 5 },
      { header: 'Ед.', width: 1.2 },
      { header: 'Объём инд.', width: 1.8, align: 'right' },
      { header: 'Объём ОДН', width: 1.8, align: 'right' },
      { header: 'Тариф, руб.', width: 1.8, align: 'right' },
      { header: 'Начислено', width: 2, align: 'right' },
      { header: 'Повыш. коэф.', width: 2.2, align: 'right' },
      { header: 'Перерасчёт', width: 2, align: 'right' },
      { header: 'Итого, руб.', width: 2, align: 'right' },
    ],
    rows,
    { boldRows: new Set([rows.length - 1]) },
  );
}

function drawBalance(doc: PdfDoc, c: PaymentDocumentContent): void {
  const b = c.balance;
  const opening = dec(b.openingDebt);
  keyValues(doc, [
    [
      opening.isNegative() ? 'Аванс на начало периода' : 'Задолженность на начало периода',
      money(opening.abs().toFixed(2)),
    ],
    ['Начислено за период', money(dec(b.charged).plus(b.coefficientAmount).toFixed(2))],
    ['Перерасчёт', money(b.recalculated)],
    ['Пени', money(b.penalty)],
    ['Оплачено в периоде', money(b.paid)],
  ]);
  if (c.payments.length) {
    doc
      .font(FONT_REGULAR)
      .fontSize(8)
      .text(`Платежи: ${c.payments.map((p) => `${ruDate(p.paidOn)} — ${money(p.amount)}`).join('; ')}`);
  }
  doc
    .font(FONT_BOLD)
    .fontSize(11)
    .text(`ИТОГО К ОПЛАТЕ: ${money(b.totalDue)} руб. до ${ruDate(b.dueDate)}`);
  doc.font(FONT_REGULAR).fontSize(9).moveDown(0.4);
  if (c.recalculations.length) {
    heading(doc, 'Перерасчёты', 10);
    table(
      doc,
      [
        { header: 'Документ', width: 2 },
        { header: 'Услуга', width: 3 },
        { header: 'За период', width: 1.4 },
        { header: 'Основание', width: 5 },
        { header: 'Сумма', width: 1.6, align: 'right' },
      ],
      c.recalculations.map((r) => [r.number, r.serviceName, r.correctedPeriod, r.reason, money(r.amount)]),
    );
  }
}

function drawReference(doc: PdfDoc, c: PaymentDocumentContent): void {
  if (c.meters.length) {
    heading(doc, 'Показания приборов учёта', 10);
    const reading = (r: { value: string; takenOn: string } | null) =>
      r ? `${r.value} (${ruDate(r.takenOn)})` : '—';
    table(
      doc,
      [
        { header: 'Услуга', width: 3 },
        { header: 'Прибор', width: 2 },
        { header: 'Зона', width: 0.8 },
        { header: 'Предыдущие', width: 2.4, align: 'right' },
        { header: 'Текущие', width: 2.4, align: 'right' },
        { header: 'Поверка до', width: 1.6 },
      ],
      c.meters.map((m) => [
        m.serviceName,
        m.serialNumber,
        m.zone,
        reading(m.previous),
        reading(m.current),
        ruDate(m.nextVerificationOn),
      ]),
    );
  }
  if (c.norms.length) {
    heading(doc, 'Применённые нормативы', 10);
    table(
      doc,
      [
        { header: 'Услуга', width: 4 },
        { header: 'Норматив', width: 2, align: 'right' },
        { header: 'Единица', width: 2 },
      ],
      c.norms.map((n) => [
        n.serviceName,
        n.value,
        `${unitLabel(n.unit)} ${n.basis === 'per_person' ? 'на чел.' : 'на м²'} в мес.`,
      ]),
    );
  }
}
