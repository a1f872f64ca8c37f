import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
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
  /**
   * Embed the glyphs of SEEDED_CHARACTERS first, in a fixed order, in both fonts: the embedded font
   * programs then repeat from document to document and are encoded and compressed once per process
   * (see seedFontSubsets). For forms printed in bulk (payment documents); the file grows by the
   * unused glyphs of the set (~20 KB per font), the text and the bytes stay a function of the content.
   */
  seededFonts?: boolean;
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
  if (meta.seededFonts) {
    seedFontSubsets(doc);
    if (seededFontCaching.enabled) cacheFontWork(doc);
  }
  batchPageContent(doc);
  return doc;
}

interface PdfkitContentRef {
  write(chunk: unknown): void;
  end(chunk?: unknown): void;
}

/**
 * pdfkit writes each drawing operator to the page's content stream as its own small byte array
 * (converted character by character) and joins the thousands of them when the page ends. Here the
 * operators of a page are kept as text and converted once (latin1: the low byte of each character,
 * as pdfkit's own conversion), so the stream — and the file — has the same bytes for less work.
 */
function batchPageContent(doc: PdfDoc): void {
  const patch = () => {
    const ref = (doc as unknown as { page?: { content?: PdfkitContentRef } }).page?.content;
    if (!ref || typeof ref.write !== 'function' || typeof ref.end !== 'function') return;
    const write = ref.write.bind(ref);
    const end = ref.end.bind(ref);
    let text: string[] = [];
    const flush = () => {
      if (text.length === 0) return;
      write(Buffer.from(`${text.join('\n')}\n`, 'latin1'));
      text = [];
    };
    ref.write = (chunk: unknown) => {
      if (chunk instanceof Uint8Array) {
        flush();
        write(chunk);
      } else text.push(String(chunk));
    };
    ref.end = (chunk?: unknown) => {
      if (chunk) ref.write(chunk);
      flush();
      end();
    };
  };
  patch();
  doc.on('pageAdded', patch);
}

/**
 * Characters every seeded document embeds first, in this order: printable ASCII, the Russian
 * alphabet and the signs our forms print. Changing the list changes the bytes of seeded documents
 * rendered afterwards (reprints read the stored file, so issued documents do not change).
 */
export const SEEDED_CHARACTERS = (() => {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  for (let c = 0x410; c < 0x450; c++) s += String.fromCharCode(c);
  return `${s}Ёё№—–«»×·²³₽…`;
})();

interface PdfkitSubset {
  glyphs: number[];
  mapping: Record<number, number>;
  includeGlyph(glyphId: number): number;
  encode(): Uint8Array;
}
interface PdfkitEmbeddedFont {
  font: { glyphForCodePoint(cp: number): { id: number; advanceWidth: number } | null };
  subset: PdfkitSubset;
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  scale: number;
  id: string;
  ascender: number;
  layout(text: string, features: unknown, onlyWidth: true): { advanceWidth: number };
  widthOfString(text: string, size: number, features?: unknown): number;
  encode(text: string, features?: unknown): [string[], PdfkitPosition[]];
  toUnicodeCmap(): unknown;
  ref(): unknown;
}
interface PdfkitPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}
interface PdfkitStreamRef {
  compress: boolean;
  buffer: unknown[];
  data: Record<string, unknown>;
}

/** The glyphs of SEEDED_CHARACTERS per parsed font, in order (looked up once per process). */
const seededGlyphsOf = new WeakMap<object, { id: number; advanceWidth: number; cp: number }[]>();

/** The font's glyph (id and advance width) of each seeded character it has, in the set's order. */
function seededGlyphs(font: PdfkitEmbeddedFont['font']): { id: number; advanceWidth: number; cp: number }[] {
  let glyphs = seededGlyphsOf.get(font);
  if (!glyphs) {
    glyphs = [];
    for (const ch of SEEDED_CHARACTERS) {
      const cp = ch.codePointAt(0)!;
      const glyph = font.glyphForCodePoint(cp);
      if (glyph && glyph.id !== 0) glyphs.push({ id: glyph.id, advanceWidth: glyph.advanceWidth, cp });
    }
    seededGlyphsOf.set(font, glyphs);
  }
  return glyphs;
}

/** A font's subset state right after seeding (per parsed font, per process): copied into each document's. */
interface SeededSubset {
  glyphs: number[];
  /** Glyph id → subset id, as an array indexed by glyph id (a dense lookup for fontkit's `includeGlyph`). */
  mapping: (number | undefined)[];
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
}
const seededSubsets = new WeakMap<object, SeededSubset>();
/** Subset ids below this many are the seeded glyphs', the same in every seeded document of the font. */
const seededCounts = new WeakMap<PdfkitEmbeddedFont, number>();

/**
 * Includes the seeded glyphs in the document's subset of the font, with the widths and Unicode values
 * pdfkit itself records for them. The first document of a font does it glyph by glyph; later ones
 * (a fresh subset: the missing glyph only) copy the state that left. fontkit's glyph → subset id
 * mapping becomes an array indexed by glyph id: `includeGlyph` reads and writes it as `mapping[id]`,
 * with the same results as on the plain object, for less per glyph drawn.
 */
function seedSubset(f: PdfkitEmbeddedFont): void {
  const subset = f.subset;
  const fresh =
    subset.glyphs.length === 1 &&
    subset.glyphs[0] === 0 &&
    subset.mapping[0] === 0 &&
    Object.keys(subset.mapping).length === 1 &&
    f.widths.length === 1 &&
    f.unicode.length === 1;
  let seeded = fresh && seededFontCaching.enabled ? seededSubsets.get(f.font) : undefined;
  if (!seeded) {
    for (const { id, advanceWidth, cp } of seededGlyphs(f.font)) {
      const gid = subset.includeGlyph(id);
      f.widths[gid] ??= advanceWidth * f.scale;
      f.unicode[gid] ??= [cp];
    }
    if (!fresh || !seededFontCaching.enabled) return;
    const ids = Object.keys(subset.mapping).map(Number);
    const mapping = new Array<number | undefined>(Math.max(...ids) + 1).fill(undefined);
    for (const id of ids) mapping[id] = subset.mapping[id];
    seeded = { glyphs: subset.glyphs.slice(), mapping, widths: f.widths.slice(), unicode: f.unicode.slice() };
    seededSubsets.set(f.font, seeded);
  }
  subset.glyphs = seeded.glyphs.slice();
  subset.mapping = seeded.mapping.slice() as unknown as Record<number, number>;
  f.widths = seeded.widths.slice();
  f.unicode = seeded.unicode.slice();
  seededCounts.set(f, seeded.glyphs.length);
}

/** Compressed font programs by font and glyph list (per process; a handful of entries in practice). */
const fontPrograms = new Map<string, Buffer>();
const FONT_PROGRAMS_MAX = 64;
/**
 * Test hooks: how often a font program was encoded (a cache miss) rather than reused, and how often
 * a fragment's text-showing operator and a ToUnicode CMap came from the process caches.
 */
export const seededFontStats = { encoded: 0, reused: 0, textsReused: 0, cmapsReused: 0 };
/**
 * Test hook: `enabled: false` draws seeded documents glyph by glyph as pdfkit does (no subset template,
 * no string caches, see cacheFontWork) — the reference the cached path must match byte for byte.
 */
export const seededFontCaching = { enabled: true };

/**
 * pdfkit embeds, per document, a subset of each font holding the glyphs drawn, in the order first
 * drawn; encoding that subset (glyph tables, checksums) and compressing it is the largest part of
 * rendering a one-page form. Here both fonts of the document start with the glyphs of
 * SEEDED_CHARACTERS (with the widths and Unicode values pdfkit itself records for them), so every
 * document drawn in those characters has the same subset, and its compressed program is made once
 * and reused: the bytes are those pdfkit writes (the same zlib call on the same program, the same
 * stream dictionary). Glyphs outside the set are appended as usual (a different key). Skipped if
 * pdfkit's internals change.
 */
function seedFontSubsets(doc: PdfDoc): void {
  const internals = doc as unknown as {
    _fontFamilies?: Record<string, PdfkitEmbeddedFont>;
    ref?: (data?: Record<string, unknown>) => PdfkitStreamRef;
  };
  const families = internals._fontFamilies;
  const makeRef = internals.ref;
  if (!families || typeof makeRef !== 'function') return;
  // The font file stream is the reference pdfkit opens just before asking the subset for its bytes.
  let lastRef: PdfkitStreamRef | undefined;
  internals.ref = (data) => (lastRef = makeRef.call(doc, data));
  for (const name of [FONT_REGULAR, FONT_BOLD]) {
    const f = families[name];
    if (!f?.subset || typeof f.subset.encode !== 'function' || !Array.isArray(f.widths)) continue;
    seedSubset(f);
    const subset = f.subset;
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const ref = lastRef;
      if (!ref || ref.compress !== true || ref.buffer.length !== 0 || 'Length' in ref.data) return encode();
      const key = `${name}:${subset.glyphs.join(',')}`;
      let program = fontPrograms.get(key);
      if (program) seededFontStats.reused++;
      else {
        seededFontStats.encoded++;
        program = deflateSync(encode());
        if (fontPrograms.size >= FONT_PROGRAMS_MAX) fontPrograms.clear();
        fontPrograms.set(key, program);
      }
      // What pdfkit's own write and finalize make of the raw program: /Length then /Filter, deflated.
      ref.compress = false;
      ref.data.Length = 0;
      ref.data.Filter = 'FlateDecode';
      return program;
    };
  }
}

/** Widths of strings (in the font's 1000-unit scale) by parsed font, for the process. */
const stringWidths = new WeakMap<object, Map<string, number>>();
/** The text-showing operators of strings drawn in seeded glyphs only, by parsed font, for the process. */
const shownTexts = new WeakMap<object, Map<string, string>>();
/** Compressed ToUnicode CMaps by their text (a handful: one per font and glyph set). */
const unicodeCmaps = new Map<string, Buffer>();
/** Above this many strings per font a cache starts afresh (bounded memory in long batches). */
const STRING_CACHE_MAX = 50_000;

function cacheOf<V>(caches: WeakMap<object, Map<string, V>>, font: object): Map<string, V> {
  let cache = caches.get(font);
  if (!cache || cache.size >= STRING_CACHE_MAX) caches.set(font, (cache = new Map()));
  return cache;
}

type PdfkitFragmentOptions = Record<string, unknown> & { width?: number; lineWidth?: number; align?: string };
interface PdfkitTextInternals {
  _font: PdfkitEmbeddedFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  _fragment(text: string, x: number, y: number, options: PdfkitFragmentOptions): void;
  widthOfString(text: string, options?: unknown): number;
  addContent(data: string): unknown;
  save(): unknown;
  restore(): unknown;
  transform(m11: number, m12: number, m21: number, m22: number, dx: number, dy: number): unknown;
  ref?: (data?: Record<string, unknown>) => PdfkitStreamRef & { end(chunk?: unknown): void };
}

/** pdfkit's number format in content streams (PDFObject.number). */
const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Options of a text fragment pdfkit draws with nothing but position, font, size and alignment. */
const PLAIN_FRAGMENT_OPTIONS = new Set([
  'width',
  'height',
  'align',
  'lineBreak',
  'continued',
  'columns',
  'columnGap',
  'rotation',
  'textWidth',
  'wordCount',
  'lineWidth',
  'lineGap',
]);

/**
 * Work pdfkit repeats for every document although its result depends on the string and the font only,
 * done once per process for a seeded document (see seedFontSubsets): same operators, same bytes.
 * - Widths of strings (pdfkit lays the string out word by word on every measure: the wrapper measures
 *   every word, right alignment every line, a single-line `text` the whole line twice).
 * - The text-showing operator of a fragment (`[<glyph ids> kerning …] TJ`): the glyph ids are subset
 *   ids, the same in every seeded document while all the glyphs are seeded ones, and the kerning is
 *   the font's. A fragment with options beyond position and alignment, glyphs outside the seeded
 *   set, or positioned glyphs (marks) is drawn by pdfkit itself.
 * - The compressed ToUnicode CMap of each font (the same text for the same subset).
 * Skipped if pdfkit's internals change.
 */
function cacheFontWork(doc: PdfDoc): void {
  const internals = doc as unknown as PdfkitTextInternals & {
    _fontFamilies?: Record<string, PdfkitEmbeddedFont>;
  };
  const families = internals._fontFamilies;
  const fragment = internals._fragment;
  const makeRef = internals.ref;
  if (!families || typeof fragment !== 'function' || typeof makeRef !== 'function') return;
  const fonts: PdfkitEmbeddedFont[] = [];
  for (const name of [FONT_REGULAR, FONT_BOLD]) {
    const f = families[name];
    if (
      !f ||
      typeof f.layout !== 'function' ||
      typeof f.encode !== 'function' ||
      typeof f.widthOfString !== 'function' ||
      typeof f.toUnicodeCmap !== 'function' ||
      typeof f.ascender !== 'number'
    )
      return;
    fonts.push(f);
  }
  for (const f of fonts) {
    const widthOfString = f.widthOfString.bind(f);
    f.widthOfString = (text, size, features) => {
      if (features) return widthOfString(text, size, features);
      const widths = cacheOf(stringWidths, f.font);
      let width = widths.get(text);
      if (width === undefined) widths.set(text, (width = f.layout(text, undefined, true).advanceWidth));
      return width * (size / 1000);
    };
    const toUnicodeCmap = f.toUnicodeCmap.bind(f);
    f.toUnicodeCmap = () => {
      // The CMap's stream is the reference pdfkit opens in toUnicodeCmap; its text, deflated once.
      internals.ref = (data) => {
        const ref = makeRef.call(doc, data);
        const end = ref.end.bind(ref);
        ref.end = (chunk?: unknown) => {
          if (
            typeof chunk !== 'string' ||
            ref.compress !== true ||
            ref.buffer.length !== 0 ||
            'Length' in ref.data
          )
            return end(chunk);
          let cmap = unicodeCmaps.get(chunk);
          if (cmap) seededFontStats.cmapsReused++;
          else {
            // pdfkit's write (the text and a newline, low byte of each character) and finalize (deflate).
            cmap = deflateSync(Buffer.from(`${chunk}\n`, 'latin1'));
            if (unicodeCmaps.size >= FONT_PROGRAMS_MAX) unicodeCmaps.clear();
            unicodeCmaps.set(chunk, cmap);
          }
          ref.compress = false;
          ref.data.Length = 0;
          ref.data.Filter = 'FlateDecode';
          return end(cmap);
        };
        return ref;
      };
      try {
        return toUnicodeCmap();
      } finally {
        internals.ref = makeRef;
      }
    };
  }
  internals._fragment = function (this: PdfkitTextInternals, text, x, y, options) {
    const font = this._font;
    const seeded = seededCounts.get(font);
    const align = options.align ?? 'left';
    if (
      seeded === undefined ||
      !fonts.includes(font) ||
      (options.width && align !== 'left' && align !== 'right' && align !== 'center') ||
      Object.keys(options).some((k) => !PLAIN_FRAGMENT_OPTIONS.has(k) && options[k] !== undefined) ||
      (options.rotation !== undefined && options.rotation !== 0)
    )
      return fragment.call(this, text, x, y, options);
    text = `${text}`.replace(/\n/g, '');
    if (text.length === 0) return;
    const shown = cacheOf(shownTexts, font.font);
    let operator = shown.get(text);
    if (operator !== undefined) seededFontStats.textsReused++;
    else {
      const [encoded, positions] = font.encode(text);
      if (positions.some((p) => p.xOffset || p.yOffset)) return fragment.call(this, text, x, y, options);
      // pdfkit's segments: a run of glyphs ends where a glyph's advance differs from its width.
      const commands: string[] = [];
      let last = 0;
      const segment = (cur: number) => {
        if (last < cur) {
          const p = positions[cur - 1];
          commands.push(
            `<${encoded.slice(last, cur).join('')}> ${pdfNumber(-(p.xAdvance - p.advanceWidth))}`,
          );
        }
        last = cur;
      };
      for (let i = 0; i < positions.length; i++) {
        if (positions[i].xAdvance - positions[i].advanceWidth !== 0) segment(i + 1);
      }
      segment(positions.length);
      operator = commands.length > 0 ? `[${commands.join(' ')}] TJ` : '';
      if (encoded.every((hex) => parseInt(hex, 16) < seeded)) shown.set(text, operator);
    }
    if (options.width) {
      if (align === 'right') x += options.lineWidth! - this.widthOfString(text.replace(/\s+$/, ''), options);
      else if (align === 'center') x += options.lineWidth! / 2 - (options.textWidth as number) / 2;
    }
    const dy = (font.ascender / 1000) * this._fontSize;
    this.save();
    this.transform(1, 0, 0, -1, 0, this.page.height);
    const top = this.page.height - y - dy;
    if (this.page.fonts[font.id] == null) this.page.fonts[font.id] = font.ref();
    this.addContent('BT');
    this.addContent(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(top)} Tm`);
    this.addContent(`/${font.id} ${pdfNumber(this._fontSize)} Tf`);
    if (operator) this.addContent(operator);
    this.addContent('ET');
    this.restore();
  };
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
