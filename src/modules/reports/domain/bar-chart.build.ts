import { dec, Dec } from 'src/shared/money';

/** One bar: its label (left), its value (decides the length) and the text printed after it. */
export interface ChartBar {
  label: string;
  /** Decimal string ≥ 0 (negative values are drawn as zero length). */
  value: string;
  /** Printed at the end of the bar ("84.65 %", "2 288.00"). */
  valueLabel: string;
}

export interface BarChartParams {
  title: string;
  subtitle?: string;
  bars: readonly ChartBar[];
  /** Value of a full-length bar; default: the largest value (or 1 when all are zero). */
  scaleMax?: string;
}

const WIDTH = 760;
const LABEL_WIDTH = 260;
const VALUE_WIDTH = 120;
const BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20;
const ROW = 26;
const TOP = 64;

/** Text for XML content and attribute values (&, <, >, " and ' escaped). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Bar length in whole pixels: value ÷ max × the bar area, half-up; 0 for a value ≤ 0. */
export function barLength(value: Dec, max: Dec, area = BAR_AREA): number {
  if (value.lte(0) || max.lte(0)) return 0;
  const ratio = value.gt(max) ? dec(1) : value.div(max);
  return ratio.times(area).toDecimalPlaces(0).toNumber();
}

/**
 * A horizontal bar chart as a standalone SVG 1.1 document: black text and outlines on white with
 * grey-hatched bars, so it stays readable printed in black and white; every bar carries its label
 * and its value as text (the figures are in the picture, not only in the lengths).
 */
export function buildBarChartSvg(p: BarChartParams): string {
  const values = p.bars.map((b) => dec(b.value));
  const largest = values.reduce((a, b) => (b.gt(a) ? b : a), dec(0));
  const max = p.scaleMax ? dec(p.scaleMax) : largest.gt(0) ? largest : dec(1);
  const height = TOP + Math.max(p.bars.length, 1) * ROW + 24;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="2"/></pattern></defs>',
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="24" font-size="16" font-weight="bold">${escapeXml(p.title)}</text>`,
  ];
  if (p.subtitle) out.push(`<text x="10" y="44">${escapeXml(p.subtitle)}</text>`);
  const axisX = LABEL_WIDTH;
  out.push(
    `<line x1="${axisX}" y1="${TOP - 6}" x2="${axisX}" y2="${TOP + p.bars.length * ROW}" stroke="#000000"/>`,
  );
  p.bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    const len = barLength(values[i], max);
    out.push(
      `<text x="${axisX - 6}" y="${y + 14}" text-anchor="end">${escapeXml(b.label)}</text>`,
      `<rect x="${axisX}" y="${y}" width="${len}" height="${ROW - 8}" fill="url(#hatch)" stroke="#000000"/>`,
      `<text x="${axisX + len + 6}" y="${y + 14}">${escapeXml(b.valueLabel)}</text>`,
    );
  });
  if (p.bars.length === 0) out.push(`<text x="${axisX + 6}" y="${TOP + 14}">no data</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
