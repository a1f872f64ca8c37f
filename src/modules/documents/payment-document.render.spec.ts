import { readPdf } from '../../../test/utils/pdf';
import { buildPaymentDocument } from './domain/payment-document.build';
import { anAccountInputs } from './domain/payment-document.fixtures';
import { renderPaymentDocumentPdf } from './payment-document.render';

jest.setTimeout(60_000);

describe('renderPaymentDocumentPdf', () => {
  const content = buildPaymentDocument({
    inputs: anAccountInputs(),
    period: '2026-03',
    dueDate: '2026-04-15',
    notice: 'Передавайте показания до 25 числа.',
    number: '2026-000001',
    issuedOn: '2026-04-01',
    supersedes: null,
  });

  it('is a function of the content: the same bytes twice, the text and both QR codes readable', async () => {
    const first = await renderPaymentDocumentPdf(content);
    const second = await renderPaymentDocumentPdf(JSON.parse(JSON.stringify(content)));
    expect(first.equals(second)).toBe(true);
    const pdf = readPdf(first);
    expect(pdf.pages).toBe(1);
    for (const text of [
      'ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ № 2026-000001 за март 2026',
      'Иванов Иван Иванович',
      'ИТОГО К ОПЛАТЕ: 2 333.24 руб. до 15.04.2026',
      'Сумма к оплате: 2 042.84 руб.',
      'Временное отсутствие',
      'Передавайте показания до 25 числа.',
      'Горячее водоснабжение',
      'м³',
      'кВт·ч',
    ]) {
      expect(pdf.text).toContain(text);
    }
    expect(pdf.qr).toEqual(content.payees.map((p) => p.qr));
  });
});
