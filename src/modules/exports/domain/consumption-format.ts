import { ConsumptionReading, ConsumptionRecalculation, ConsumptionRow } from './consumption-row.build';

/**
 * The three export formats, as pure string builders applied row by row (the stream never holds more
 * than one row). Documented in docs/consumption-export.md; the XML follows docs/consumption-export.xsd.
 */
export type ExportFormat = 'csv' | 'jsonl' | 'xml';
export const EXPORT_FORMATS: ExportFormat[] = ['csv', 'jsonl', 'xml'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

export const XML_NAMESPACE = 'urn:abonent:consumption-export:1';

/** CSV columns in order (UTF-8 without BOM, ';' separated, CRLF, decimal point). */
export const CSV_COLUMNS = [
  'period',
  'account_number',
  'account_id',
  'building_id',
  'premises_id',
  'premises_number',
  'holder_name',
  'address',
  'service_code',
  'unit',
  'method',
  'residents',
  'area',
  'volume',
  'volume_t1',
  'volume_t2',
  'volume_t3',
  'tariff',
  'amount',
  'readings',
  'recalculated',
  'recalculations',
] as const;

/** RFC 4180 quoting with ';': a field is quoted only when it holds ';', '"', CR or LF. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const enc = (v: string | null) => (v ?? '').replace(/[%|,]/g, (c) => encodeURIComponent(c));

/**
 * Readings in one CSV cell: `meter|zone|previous|previousOn|current|currentOn|currentChannel|previousChannel`
 * per meter and zone, entries separated by ','; '%', '|' and ',' inside a value are percent-encoded.
 */
export function csvReadings(readings: ConsumptionReading[]): string {
  return readings
    .map((r) =>
      [r.meter, r.zone, r.previous, r.previousOn, r.current, r.currentOn, r.currentChannel, r.previousChannel]
        .map(enc)
        .join('|'),
    )
    .join(',');
}

/**
 * Recalculation deltas in one CSV cell: `number|kind|postingPeriod|zone|volumeDelta|amountDelta|reason`
 * per delta, separated by ','; '%', '|' and ',' inside a value (the reason) are percent-encoded.
 */
export function csvRecalculations(deltas: ConsumptionRecalculation[]): string {
  return deltas
    .map((d) =>
      [d.number, d.kind, d.postingPeriod, d.zone, d.volumeDelta, d.amountDelta, d.reason].map(enc).join('|'),
    )
    .join(',');
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(';')}\r\n`;
}

export function csvLine(r: ConsumptionRow): string {
  const values: (string | number | null)[] = [
    r.period,
    r.accountNumber,
    r.accountId,
    r.buildingId,
    r.premisesId,
    r.premisesNumber,
    r.holderName,
    r.address,
    r.serviceCode,
    r.unit,
    r.method,
    r.residents,
    r.area,
    r.volume,
    r.volumeT1,
    r.volumeT2,
    r.volumeT3,
    r.tariff,
    r.amount,
    csvReadings(r.readings),
    r.recalculated,
    csvRecalculations(r.recalculations),
  ];
  return `${values.map(csvField).join(';')}\r\n`;
}

export function jsonLine(r: ConsumptionRow): string {
  return `${JSON.stringify(r)}\n`;
}

/** XML 1.0 text: the five entities escaped; characters XML 1.0 forbids are dropped. */
export function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const el = (name: string, v: string | number | null): string =>
  v === null ? '' : `<${name}>${xmlText(String(v))}</${name}>`;
const attr = (name: string, v: string | null): string => (v === null ? '' : ` ${name}="${xmlText(v)}"`);

export function xmlOpen(meta: { period: string; personalData: boolean }): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<consumptionExport xmlns="${XML_NAMESPACE}" period="${xmlText(meta.period)}" personalData="${meta.personalData}">\n`
  );
}

export function xmlRow(r: ConsumptionRow): string {
  const readings = r.readings
    .map(
      (x) =>
        `<reading meter="${xmlText(x.meter)}"${attr('zone', x.zone)}${attr('previous', x.previous)}` +
        `${attr('previousOn', x.previousOn)} current="${xmlText(x.current)}" currentOn="${xmlText(x.currentOn)}"` +
        `${attr('currentChannel', x.currentChannel)}${attr('previousChannel', x.previousChannel)}/>`,
    )
    .join('');
  const deltas = r.recalculations
    .map(
      (d) =>
        `<recalculation number="${xmlText(d.number)}" kind="${xmlText(d.kind)}" postingPeriod="${xmlText(d.postingPeriod)}"` +
        `${attr('zone', d.zone)} volumeDelta="${xmlText(d.volumeDelta)}" amountDelta="${xmlText(d.amountDelta)}"` +
        ` reason="${xmlText(d.reason)}"/>`,
    )
    .join('');
  return (
    '<row>' +
    el('period', r.period) +
    el('accountNumber', r.accountNumber) +
    el('accountId', r.accountId) +
    el('buildingId', r.buildingId) +
    el('premisesId', r.premisesId) +
    el('premisesNumber', r.premisesNumber) +
    el('holderName', r.holderName) +
    el('address', r.address) +
    el('serviceCode', r.serviceCode) +
    el('unit', r.unit) +
    el('method', r.method) +
    el('residents', r.residents) +
    el('area', r.area) +
    el('volume', r.volume) +
    el('volumeT1', r.volumeT1) +
    el('volumeT2', r.volumeT2) +
    el('volumeT3', r.volumeT3) +
    el('tariff', r.tariff) +
    el('amount', r.amount) +
    (readings ? `<readings>${readings}</readings>` : '') +
    el('recalculated', r.recalculated) +
    (deltas ? `<recalculations>${deltas}</recalculations>` : '') +
    '</row>\n'
  );
}

export function xmlClose(): string {
  return '</consumptionExport>\n';
}

/** The text before the first row, of each row, and after the last one, per format. */
export function formatter(
  format: ExportFormat,
  meta: { period: string; personalData: boolean },
): { head: string; row: (r: ConsumptionRow) => string; tail: string } {
  switch (format) {
    case 'csv':
      return { head: csvHeader(), row: csvLine, tail: '' };
    case 'jsonl':
      return { head: '', row: jsonLine, tail: '' };
    case 'xml':
      return { head: xmlOpen(meta), row: xmlRow, tail: xmlClose() };
  }
}
