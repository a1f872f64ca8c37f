import { FONT_BOLD, FONT_REGULAR, PdfDoc } from './pdf';

/** Layout helpers shared by all printed forms: headings, label–value blocks and ruled tables. */

export function heading(doc: PdfDoc, text: string, size = 12): void {
  doc.font(FONT_BOLD).fontSize(size).text(text, { align: 'left' });
  doc.font(FONT_REGULAR).fontSize(9).moveDown(0.3);
}

/** "Label: value" lines; a null value prints a dash. */
export function keyValues(doc: PdfDoc, pairs: [string, string | null | undefined][]): void {
  for (const [label, value] of pairs) {
    doc.font(FONT_BOLD).text(`${label}: `, { continued: true });
    doc.font(FONT_REGULAR).text(value ?? '—');
  }
  doc.moveDown(0.3);
}

export interface TableColumn {
  header: string;
  /** Share of the usable width; columns are scaled to fill it. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableOptions {
  fontSize?: number;
  /** Rows printed bold (e.g. totals), by index. */
  boldRows?: Set<number>;
}

/**
 * A ruled table that breaks across pages and repeats its header. Cells wrap; a row is as high as
 * its tallest cell. Lines are black so the table survives black-and-white printing.
 */
export function table(
  doc: PdfDoc,
  columns: TableColumn[],
  rows: string[][],
  options: TableOptions = {},
): void {
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

/** Signature lines at the end of acts and letters. */
export function signatures(doc: PdfDoc, parties: string[]): void {
  doc.moveDown(1);
  for (const party of parties) {
    doc.font(FONT_REGULAR).fontSize(9).text(`${party}: ______________________ / ______________________ /`);
    doc.moveDown(0.8);
  }
}
