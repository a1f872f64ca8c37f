import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/**
 * One PDF renderer for every document the service prints (ЕПД, acts, statements, notices, court
 * packages, letters). pdfkit draws natively; the DejaVu Sans TrueType fonts from the
 * `dejavu-fonts-ttf` package carry Cyrillic and are embedded (subset) in every file. Output is
 * deterministic: the same content and `createdAt` give the same bytes, which is what lets a frozen
 * document be re-rendered and compared.
 */
export type PdfDoc = PDFKit.PDFDocument;

export const FONT_REGULAR = 'regular';
export const FONT_BOLD = 'bold';

let fonts: { regular: Buffer; bold: Buffer } | undefined;

function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

export interface PdfMeta {
  title: string;
  subject?: string;
  /** Stored in the file's info and ID: pass the document's own date, never `new Date()`, for stable bytes. */
  createdAt: Date;
  /** Defaults to 40 pt on every side. */
  margin?: number;
  landscape?: boolean;
}

/** A4 page with the fonts registered and the regular one selected, black on white. */
export function newPdf(meta: PdfMeta): PdfDoc {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: meta.landscape ? 'landscape' : 'portrait',
    margin: meta.margin ?? 40,
    compress: true,
    bufferPages: false,
    // No default Helvetica: pdfkit would read and parse its AFM file for every document, and no
    // document of ours prints in it (DejaVu is selected below).
    font: null as unknown as string,
    info: {
      Title: meta.title,
      Subject: meta.subject ?? meta.title,
      Author: 'Abonent',
      Producer: 'Abonent',
      Creator: 'Abonent',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  registerParsedFonts(doc, regular, bold);
  // Bold first opened here (a font never drawn with is not embedded), so both share the layout cache.
  doc.font(FONT_BOLD);
  doc.font(FONT_REGULAR).fontSize(9).fillColor('black');
  shareLayoutCache(doc);
  return doc;
}

/** Word layouts (glyphs and positions) shaped by fontkit, shared by every document of the process. */
const layoutCaches: Record<string, Record<string, unknown>> = {};
let documentsSinceCheck = 0;
/** Above this many cached words per font the cache starts afresh (bounded memory in long batches). */
const LAYOUT_CACHE_MAX_WORDS = 50_000;

/**
 * pdfkit shapes every word with fontkit (OpenType lookups) and caches the result per document only;
 * most words of a payment document (labels, headers, names of services) recur in every document,
 * so one cache per font for the process saves most of the shaping. The cache holds what pdfkit's own
 * does (pdfkit copies the positions before changing any), so the bytes are unchanged. Skipped if
 * pdfkit's internals change.
 */
function shareLayoutCache(doc: PdfDoc): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: unknown }> })
    ._fontFamilies;
  if (!families) return;
  if (++documentsSinceCheck >= 500) {
    documentsSinceCheck = 0;
    for (const name of Object.keys(layoutCaches)) {
      if (Object.keys(layoutCaches[name]).length > LAYOUT_CACHE_MAX_WORDS) delete layoutCaches[name];
    }
  }
  for (const name of [FONT_REGULAR, FONT_BOLD]) {
    const font = families[name];
    if (!font || typeof font.layoutCache !== 'object' || font.layoutCache === null) continue;
    layoutCaches[name] ??= Object.create(null) as Record<string, unknown>;
    font.layoutCache = layoutCaches[name];
  }
}

/** Parsed font objects pdfkit accepts in place of file bytes (anything with a `layout` function). */
let parsed: { regular: unknown; bold: unknown } | undefined;

/**
 * Registers the fonts, parsing the TrueType files once per process: pdfkit would parse both files
 * for every document (a large part of a one-page document's time). They are parsed in a throwaway
 * probe document (so the real one gets nothing extra) and reused; each document still embeds its
 * own subset, so the bytes are the same. Falls back to the file bytes if pdfkit's internals change.
 */
function registerParsedFonts(doc: PdfDoc, regular: Buffer, bold: Buffer): void {
  if (!parsed) {
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.registerFont(FONT_REGULAR, regular);
    probe.registerFont(FONT_BOLD, bold);
    const fontOf = (name: string) =>
      (probe.font(name) as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
    const r = fontOf(FONT_REGULAR);
    const b = fontOf(FONT_BOLD);
    parsed =
      typeof r?.layout === 'function' && typeof b?.layout === 'function'
        ? { regular: r, bold: b }
        : { regular, bold };
  }
  doc.registerFont(FONT_REGULAR, parsed.regular as Buffer);
  doc.registerFont(FONT_BOLD, parsed.bold as Buffer);
}

/** Ends a drawn document and collects it into one buffer. */
export function pdfToBuffer(doc: PdfDoc): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** newPdf, draw, then end and collect: the usual way to produce a document. */
export async function renderPdf(meta: PdfMeta, draw: (doc: PdfDoc) => void | Promise<void>): Promise<Buffer> {
  const doc = newPdf(meta);
  await draw(doc);
  return pdfToBuffer(doc);
}
