import { parse } from 'csv-parse/sync';
import { BadInputError } from 'src/common/errors/domain-error';
import { isCalendarDate } from 'src/shared/period';
import { ReadingErrorCode as E, ReadingRefusal } from '../readings.errors';

/** One data line of an import file, as written (values are still strings). */
export interface ImportLine {
  /** Physical line number (the header is line 1). */
  line: number;
  meterId: string | null;
  serialNumber: string | null;
  /** The personal account whose premises' meter of `serviceCode` is meant (settlement-centre files). */
  accountNumber: string | null;
  serviceCode: string | null;
  zone: string;
  value: string;
  takenOn: string;
  channel: string;
}

/** Lines of one meter and day: one submission (multi-zone meters have a line per zone). */
export interface ImportGroup {
  meterId: string;
  takenOn: string;
  channel: string;
  lines: ImportLine[];
  values: Record<string, string>;
}

export const IMPORT_CHANNELS = ['specialist', 'subscriber', 'inspector', 'settlement_centre', 'file_import'];
const DEFAULT_CHANNEL = 'file_import';
const ID = /^[1-9]\d{0,17}$/;

/** ';' or ',' — whichever occurs more often in the header line. */
export function detectDelimiter(body: string): ';' | ',' {
  const header = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Parses the CSV (header row names the columns: meter_id or serial_number + service_code, zone,
 * value, taken_on, optional channel). A decimal comma ("123,456", common in Russian spreadsheets)
 * is read as a point. Throws a 400 refusal when the file as a whole cannot be read.
 */
export function parseReadingsCsv(body: string): ImportLine[] {
  const delimiter = detectDelimiter(body);
  let records: Record<string, string | undefined>[];
  try {
    records = parse(body, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      on_record: (rec: Record<string, string>, ctx: { lines: number }) => ({
        ...rec,
        __line: String(ctx.lines),
      }),
    });
  } catch (e) {
    throw new BadInputError(
      E.ImportNotCsv,
      `The file is not readable CSV: ${e instanceof Error ? e.message : String(e)}`,
      'body',
    );
  }
  checkHeader(body, delimiter);
  return records.map((r) => ({
    line: Number(r.__line),
    meterId: r.meter_id || null,
    serialNumber: r.serial_number || null,
    accountNumber: r.account_number || null,
    serviceCode: r.service_code || null,
    zone: (r.zone ?? '').toUpperCase(),
    value: (r.value ?? '').replace(/^(-?\d+),(\d+)$/, '$1.$2'),
    takenOn: r.taken_on ?? '',
    channel: r.channel || DEFAULT_CHANNEL,
  }));
}

function checkHeader(body: string, delimiter: string): void {
  const header = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const cols = header.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  const missing = ['zone', 'value', 'taken_on'].filter((c) => !cols.includes(c));
  const meterRef =
    cols.includes('meter_id') ||
    ((cols.includes('serial_number') || cols.includes('account_number')) && cols.includes('service_code'));
  if (missing.length || !meterRef) {
    const need = [
      ...missing,
      ...(meterRef ? [] : ['meter_id (or serial_number or account_number, with service_code)']),
    ];
    throw new BadInputError(
      E.ImportHeaderInvalid,
      `The header line lacks the column(s): ${need.join(', ')}`,
      'body',
      { columns: cols },
    );
  }
}

/** Checks a line needs before it can join a submission; the reading rules do the rest. */
export function checkImportLine(l: ImportLine): ReadingRefusal | undefined {
  if (l.meterId !== null && !ID.test(l.meterId)) {
    return new BadInputError(E.ImportLineInvalid, `meter_id "${l.meterId}" is not an id`, 'meter_id');
  }
  if (l.meterId === null && (!(l.serialNumber || l.accountNumber) || !l.serviceCode)) {
    return new BadInputError(
      E.ImportLineInvalid,
      'Give meter_id, or serial_number or account_number with service_code',
      'meter_id',
    );
  }
  if (!l.zone) return new BadInputError(E.ImportLineInvalid, 'zone is empty', 'zone');
  if (!isCalendarDate(l.takenOn))
    return new BadInputError(E.DateInvalid, `taken_on "${l.takenOn}" is not a date YYYY-MM-DD`, 'taken_on');
  if (!IMPORT_CHANNELS.includes(l.channel)) {
    return new BadInputError(
      E.ChannelInvalid,
      `channel "${l.channel}" is not one of ${IMPORT_CHANNELS.join(', ')}`,
      'channel',
    );
  }
  return undefined;
}

/**
 * Groups lines by meter and day (first line's channel wins). A zone given twice for the same meter
 * and day makes the whole group a refusal: which value is meant cannot be told.
 */
export function groupImportLines(
  lines: { line: ImportLine; meterId: string }[],
): (ImportGroup | { meterId: string; lines: ImportLine[]; refusal: ReadingRefusal })[] {
  const groups = new Map<string, ImportGroup & { duplicate?: string }>();
  for (const { line, meterId } of lines) {
    const key = `${meterId}|${line.takenOn}`;
    const g = groups.get(key) ?? {
      meterId,
      takenOn: line.takenOn,
      channel: line.channel,
      lines: [],
      values: {},
    };
    groups.set(key, g);
    if (Object.hasOwn(g.values, line.zone)) g.duplicate = line.zone;
    g.values[line.zone] = line.value;
    g.lines.push(line);
  }
  return [...groups.values()].map((g) =>
    g.duplicate
      ? {
          meterId: g.meterId,
          lines: g.lines,
          refusal: new BadInputError(
            E.ZoneDuplicate,
            `Zone ${g.duplicate} is given more than once for ${g.takenOn}`,
            'zone',
          ),
        }
      : { meterId: g.meterId, takenOn: g.takenOn, channel: g.channel, lines: g.lines, values: g.values },
  );
}
