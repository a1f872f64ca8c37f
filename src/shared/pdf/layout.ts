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

/** One wrapped line of a cell, as pdfkit's line wrapper gives it. */
interface CellLine {
  text: string;
  /** Width of the line's words (pdfkit's `textWidth`, used to centre it). */
  textWidth: number;
  /** The wrapper's line width (pdfkit's `lineWidth`, what alignment measures from). */
  lineWidth: number;
}

interface CellLayout {
  lines: CellLine[];
  /** What `heightOfString` answers for the cell. */
  height: number;
}

/** A wrapped cell as cached: its lines and how far each moved the text position down. */
interface WrappedCell {
  lines: CellLine[];
  advances: number[];
}

/** pdfkit's text entry point below `text` / `heightOfString`: wraps and calls back once per line. */
type PdfTextInternals = {
  _lineGap?: number;
  _text(
    text: string,
    x: number,
    y: number,
    options: Record<string, unknown>,
    line: (text: string, options: { textWidth: number; lineWidth: number; lineGap?: number }) => void,
  ): void;
};

/** The text state a wrapped cell depends on, besides its text and width. */
type PdfTextState = PdfTextInternals & {
  _font?: { font?: object };
  _fontSize?: number;
  _textOptions?: unknown;
  _wrapper?: unknown;
  _characterSpacing?: number;
};

/**
 * Wrapped cells by parsed font, then by size, line gap, width and text — shared by every document
 * of the process (table headers, service names, units and many amounts recur from one payment
 * document to the next). What is kept is exactly what the wrapper gave for that font, size and
 * width; pdfkit's wrapper reads nothing else here (no page break: the height is unbounded).
 */
const cellLayouts = new WeakMap<object, Map<string, WrappedCell>>();
/** Above this many cells per font the cache starts afresh (bounded memory in long batches). */
const CELL_LAYOUTS_MAX = 20_000;

/**
 * Wraps a cell once, in the current font: the lines and the height — exactly what
 * `heightOfString(text, { width })` measures (the same wrapper run), keeping the lines to draw.
 * A cell wrapped before in the same font, size and width is taken from cellLayouts.
 */
function layoutCell(doc: PdfDoc, text: string, width: number): CellLayout {
  const state = doc as unknown as PdfTextState;
  const font = state._font?.font;
  const cacheable =
    typeof font === 'object' &&
    typeof state._fontSize === 'number' &&
    state._textOptions == null &&
    state._wrapper == null &&
    !state._characterSpacing;
  let cell: WrappedCell | undefined;
  if (!cacheable) cell = wrapCell(doc, text, width);
  else {
    let cells = cellLayouts.get(font);
    if (!cells || cells.size >= CELL_LAYOUTS_MAX) cellLayouts.set(font, (cells = new Map()));
    const key = `${state._fontSize}|${state._lineGap ?? 0}|${width}|${text}`;
    cell = cells.get(key);
    if (!cell) cells.set(key, (cell = wrapCell(doc, text, width)));
  }
  // The height as the wrapper run measures it from here: the same additions from the same y.
  const { y } = doc;
  let bottom = y;
  for (const advance of cell.advances) bottom += advance;
  return { lines: cell.lines, height: bottom - y };
}

/** pdfkit's wrapper run over the cell (see layoutCell). */
function wrapCell(doc: PdfDoc, text: string, width: number): WrappedCell {
  const internals = doc as unknown as PdfTextInternals;
  const { x, y } = doc;
  const lines: CellLine[] = [];
  const advances: number[] = [];
  internals._text(text, x, y, { width, height: Infinity }, (line, o) => {
    lines.push({ text: line, textWidth: o.textWidth, lineWidth: o.lineWidth });
    const advance = doc.currentLineHeight(true) + (o.lineGap || internals._lineGap || 0);
    advances.push(advance);
    doc.y += advance;
  });
  doc.x = x;
  doc.y = y;
  return { lines, advances };
}

/**
 * Draws wrapped lines at (x, y) as `doc.text(cell, x, y, { width, align })` would — the same text
 * operators at the same positions — without wrapping the text a second time: each line is a
 * single-line `text` call (no width, so no wrapper), placed by pdfkit's alignment rule.
 */
function drawLines(
  doc: PdfDoc,
  lines: CellLine[],
  x: number,
  y: number,
  align: 'left' | 'right' | 'center',
): void {
  const advance = doc.currentLineHeight(true) + ((doc as unknown as PdfTextInternals)._lineGap || 0);
  let lineY = y;
  for (const line of lines) {
    const text = line.text.replace(/\n/g, '');
    if (text.length > 0) {
      let lineX = x;
      if (align === 'right') lineX += line.lineWidth - doc.widthOfString(text.replace(/\s+$/, ''));
      else if (align === 'center') lineX += line.lineWidth / 2 - line.textWidth / 2;
      doc.text(text, lineX, lineY, { lineBreak: false });
    }
    lineY += advance;
  }
}

/**
 * A ruled table that breaks across pages and repeats its header. Cells wrap; a row is as high as
 * its tallest cell. Lines are black so the table survives black-and-white printing. Each cell is
 * wrapped once: the lines that size the row are the ones drawn (the bytes are those of measuring
 * with `heightOfString` and drawing with `text`, which wrapped every cell twice).
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

  const drawRow = (cells: string[], font: string): void => {
    doc.font(font).fontSize(fontSize);
    // An empty cell is measured as one space (one line high) and draws nothing.
    const layouts = cells.map((cell, i) => layoutCell(doc, cell || ' ', widths[i] - 2 * pad));
    const height = Math.max(...layouts.map((l) => l.height)) + 2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawHeader();
    }
    const top = doc.y;
    // A row taller than a page would continue on the next one inside the cell: pdfkit's own wrapper then.
    const fits = top + height <= doc.page.height - doc.page.margins.bottom;
    let x = left;
    doc.font(font).fontSize(fontSize);
    cells.forEach((cell, i) => {
      doc.rect(x, top, widths[i], height).lineWidth(0.5).strokeColor('black').stroke();
      const align = columns[i].align ?? 'left';
      if (!fits) doc.text(cell ?? '', x + pad, top + pad, { width: widths[i] - 2 * pad, align });
      else if (cell) drawLines(doc, layouts[i].lines, x + pad, top + pad, align);
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
