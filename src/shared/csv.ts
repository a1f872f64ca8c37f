/**
 * Small CSV writer for reports: ';' separated (what spreadsheets in a Russian locale expect), CRLF
 * line ends, a field quoted only when it holds ';', '"' or a line break (quotes doubled).
 * Decimal values are written as given (decimal point).
 */
export const CSV_SEPARATOR = ';';
/** A UTF-8 byte-order mark: lets spreadsheet programs recognise UTF-8 (Cyrillic account numbers). */
export const UTF8_BOM = '\uFEFF';

export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function buildCsv(rows: (string | number | null | undefined)[][]): string {
  return UTF8_BOM + rows.map((r) => r.map(csvField).join(CSV_SEPARATOR)).join('\r\n') + '\r\n';
}
