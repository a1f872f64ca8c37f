import { FONT_BOLD, FONT_REGULAR, PdfDoc, renderPdf } from './pdf';
import { table, TableColumn, TableOptions } from './layout';

/**
 * The table as it was drawn before each cell was wrapped once: measured with heightOfString, then
 * drawn with text (every cell wrapped twice). The reference the single-pass table must equal byte for byte.
 */
function tableTwice(doc: PdfDoc, columns: TableColumn[], rows: string[][], options: TableOptions = {}): void {
  const fontSize = options.fontSize ?? 8;
  const left = doc.page.margins.left;
  const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const totalShare = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / totalShare) * usable);
  const pad = 2;
  const rowHeight = (cells: string[], font: string): number => {
    doc.font(font).fontSize(fontSize);
    return (
      Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i] - 2 * pad }))) +
      2 * pad
    );
  };
  const drawRow = (cells: string[], font: string): void => {
    const height = rowHeight(cells, font);
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawHeader();
    }
    const top = doc.y;
    let x = left;
    doc.font(font).fontSize(fontSize);
    cells.forEach((cell, i) => {
      doc.rect(x, top, widths[i], height).lineWidth(0.5).strokeColor('black').stroke();
      doc.text(cell ?? '', x + pad, top + pad, {
        width: widths[i] - 2 * pad,
        align: columns[i].align ?? 'left',
      });
      x += widths[i];
    });
    doc.x = left;
    doc.y = top + height;
  };
  const drawHeader = (): void =>
    drawRow(
      columns.map((c) => c.header),
      FONT_BOLD,
    );
  doc.x = left;
  drawHeader();
  rows.forEach((row, index) => drawRow(row, options.boldRows?.has(index) ? FONT_BOLD : FONT_REGULAR));
  doc.font(FONT_REGULAR).fontSize(9);
  doc.moveDown(0.5);
}

const createdAt = new Date('2026-01-31T00:00:00Z');

const COLUMNS: TableColumn[] = [
  { header: 'Услуга', width: 5 },
  { header: 'Ед.', width: 1.2, align: 'center' },
  { header: 'Объём инд.', width: 1.8, align: 'right' },
  { header: 'Тариф, руб.', width: 1.8, align: 'right' },
  { header: 'Повыш. коэф.', width: 2.2, align: 'right' },
  { header: 'Основание перерасчёта', width: 3 },
];

/** Short and long cells, wrapped words, a word longer than its cell, newlines, empty cells, trailing spaces. */
function rowsOf(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => [
    i % 3 === 0 ? `Горячее водоснабжение (компонент на тепловую энергию) № ${i}` : `Холодная вода ${i}`,
    i % 4 === 0 ? 'кВт·ч' : 'м³',
    i % 5 === 0 ? '' : `${(i * 1.234).toFixed(3)}`,
    i % 7 === 0 ? '12345678901234567890123' : '50.93 ',
    i % 2 === 0 ? `×1.5: ${i} 000.00` : '',
    i % 6 === 0 ? 'Временное отсутствие\n(п. 86 Правил № 354), акт от 01.03.2026' : 'показания',
  ]);
}

describe('table', () => {
  it.each([
    ['a short table', 5, {}],
    ['bold rows and a smaller font', 12, { fontSize: 7, boldRows: new Set([0, 11]) }],
    ['a table over three pages (header repeated, rows moved to the next page)', 150, {}],
  ])('%s: the same bytes as measuring and drawing each cell separately', async (_, n, options) => {
    const draw = (t: typeof table) => (doc: PdfDoc) => {
      doc.text('Перед таблицей');
      t(doc, COLUMNS, rowsOf(n), options as TableOptions);
      doc.text('После таблицы');
    };
    const once = await renderPdf({ title: 't', createdAt }, draw(table));
    const twice = await renderPdf({ title: 't', createdAt }, draw(tableTwice));
    expect(once.equals(twice)).toBe(true);
  });
});

describe('table cells wrapped before (process-wide cache)', () => {
  it('draw the same bytes as wrapping them afresh, at other heights and sizes', async () => {
    const draw = (t: typeof table) => (doc: PdfDoc) => {
      for (const [lead, fontSize] of [
        [0, 8],
        [1, 8],
        [3, 7],
        [2, 8],
      ] as const) {
        for (let i = 0; i < lead; i++) doc.text(`Строка ${i} перед таблицей`);
        t(doc, COLUMNS, rowsOf(9), { fontSize });
      }
    };
    // The first render fills the cache, the second draws every cell from it.
    for (let pass = 0; pass < 2; pass++) {
      const once = await renderPdf({ title: 't', createdAt }, draw(table));
      const twice = await renderPdf({ title: 't', createdAt }, draw(tableTwice));
      expect(once.equals(twice)).toBe(true);
    }
  });
});
