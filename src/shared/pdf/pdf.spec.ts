import { readPdf } from '../../../test/utils/pdf';
import { heading, keyValues, qrPng, renderPdf, seededFontCaching, seededFontStats, table } from '.';

// Each readPdf starts a child process (pdf.js): seconds on a loaded machine.
jest.setTimeout(60_000);

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

  it('seeded fonts: one font program per glyph set, reused byte for byte; text outside the set still embeds', async () => {
    const draw2 = (text: string) => (doc: PDFKit.PDFDocument) => {
      heading(doc, 'Единый платёжный документ');
      doc.text(text);
    };
    const meta = { title: 'ЕПД', createdAt, seededFonts: true };
    const before = { ...seededFontStats };
    const first = await renderPdf(meta, draw2('Лицевой счёт ДМ0000010001'));
    const again = await renderPdf(meta, draw2('Лицевой счёт ДМ0000010001'));
    const other = await renderPdf(meta, draw2('Абонент Щукин, кв. 7 — 1 000.00 ₽'));
    // The regular and the bold program are encoded at most once each, then reused.
    expect(seededFontStats.encoded - before.encoded).toBe(2);
    expect(seededFontStats.reused - before.reused).toBe(4);
    expect(again.equals(first)).toBe(true);
    // Greek is outside the seeded set: appended to the subset, a program of its own.
    const greek = await renderPdf(meta, draw2('Ωμέγα'));
    expect(seededFontStats.encoded - before.encoded).toBe(3);
    expect(seededFontStats.reused - before.reused).toBe(5);
    expect(readPdf(first).text).toContain('Лицевой счёт ДМ0000010001');
    expect(readPdf(other).text).toContain('Абонент Щукин, кв. 7 — 1 000.00 ₽');
    expect(readPdf(greek).text).toContain('Ωμέγα');
  });

  it('seeded fonts: the per-process string caches draw the bytes pdfkit draws glyph by glyph', async () => {
    const draw = (n: number) => (doc: PDFKit.PDFDocument) => {
      heading(doc, `Единый платёжный документ № ${n}`);
      keyValues(doc, [
        ['Плательщик', 'Щукина Анна-Мария Петровна'],
        [
          'Адрес',
          'г. Образцовск, ул. Длинная, д. 7, кв. 12 — очень длинный адрес, который не помещается в одну строку',
        ],
      ]);
      table(
        doc,
        [
          { header: 'Услуга', width: 3 },
          { header: 'Тариф', width: 1, align: 'center' },
          { header: 'Сумма, руб.', width: 1, align: 'right' },
        ],
        [
          ['Холодное водоснабжение', '45.12', `1 0${n}0.00`],
          ['Ωμέγα и й (и\u0306)', '×1.5', '−12.30 ₽'],
        ],
      );
      doc
        .fontSize(8)
        .text('Справа, с переносом по ширине колонки', 300, doc.y, { width: 120, align: 'right' });
      doc.text('По ширине: выравнивание с растяжением пробелов между словами строки', 40, doc.y, {
        width: 150,
        align: 'justify',
      });
      doc.text('Подчёркнуто', { underline: true });
      doc.text('Две строки\nв одном вызове', 40, doc.y, { lineBreak: false });
    };
    const meta = { title: 'ЕПД', createdAt, seededFonts: true };
    seededFontCaching.enabled = false;
    const reference = await Promise.all([1, 2].map((n) => renderPdf(meta, draw(n))));
    seededFontCaching.enabled = true;
    const before = { ...seededFontStats };
    for (const round of [1, 2]) {
      for (const n of [1, 2])
        expect({ round, n, same: (await renderPdf(meta, draw(n))).equals(reference[n - 1]) }).toEqual({
          round,
          n,
          same: true,
        });
    }
    // The second and later documents took strings and CMaps from the caches.
    expect(seededFontStats.textsReused - before.textsReused).toBeGreaterThan(40);
    expect(seededFontStats.cmapsReused - before.cmapsReused).toBeGreaterThanOrEqual(4);
  });
});
