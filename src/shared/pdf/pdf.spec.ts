import { readPdf } from '../../../test/utils/pdf';
import { heading, keyValues, qrPng, renderPdf, table } from '.';

describe('shared PDF renderer', () => {
  const createdAt = new Date('2026-01-31T00:00:00Z');
  const draw = async (doc: PDFKit.PDFDocument): Promise<void> => {
    heading(doc, 'Единый платёжный документ');
    keyValues(doc, [['Лицевой счёт', '1000001']]);
    table(
      doc,
      [
        { header: 'Услуга', width: 3 },
        { header: 'Сумма, руб.', width: 1, align: 'right' },
      ],
      [['Холодное водоснабжение', '1 000.00']],
    );
    doc.image(await qrPng('ST00012|Name=ООО «Ромашка»|PersonalAcc=40702810000000000001'), { width: 110 });
  };

  it('embeds a Cyrillic font, draws a readable QR and gives the same bytes for the same content', async () => {
    const first = await renderPdf({ title: 'ЕПД', createdAt }, draw);
    const second = await renderPdf({ title: 'ЕПД', createdAt }, draw);
    expect(first.equals(second)).toBe(true);
    const content = readPdf(first);
    expect(content.pages).toBe(1);
    expect(content.text).toContain('Единый платёжный документ');
    expect(content.text).toContain('Холодное водоснабжение');
    expect(content.text).toContain('1 000.00');
    expect(content.qr).toEqual(['ST00012|Name=ООО «Ромашка»|PersonalAcc=40702810000000000001']);
  });

  it('repeats the table header on a new page', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`строка ${i + 1}`, '0.00']);
    const pdf = await renderPdf({ title: 't', createdAt }, (doc) =>
      table(
        doc,
        [
          { header: 'Колонка', width: 1 },
          { header: 'Сумма', width: 1 },
        ],
        rows,
      ),
    );
    const content = readPdf(pdf);
    expect(content.pages).toBe(3);
    expect(content.text.match(/Колонка/g)).toHaveLength(3);
    expect(content.text).toContain('строка 120');
  });
});
