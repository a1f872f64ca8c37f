/**
 * The export query, in two shapes sharing one projection:
 * - by period: charge lines of the period grouped by (account, service) in key order, read through the
 *   unique index (period, account_id, service_code, zone, part), so a page with LIMIT stops early and
 *   the whole-period stream needs no sort of the table;
 * - by changed keys: the keys whose last writing transaction is invisible in snapshot `from` and
 *   visible in snapshot `to`, joined to their current lines (none → a tombstone, `lines` = 0).
 * Personal data never leaves the database unless `$pii` is true.
 *
 * Each row also carries the channel of every reading its billing steps used (meter_readings by meter,
 * zone and date) and the recalculation deltas that correct its period (recalculation_lines by
 * corrected period, account and service, whatever period they were posted into), one index probe each.
 */
const LINE_AGGREGATES = `
  count(c.id)::int AS lines,
  min(c.unit) AS unit,
  string_agg(DISTINCT c.method, '+' ORDER BY c.method) AS method,
  sum(c.volume) AS volume,
  sum(c.volume) FILTER (WHERE c.zone = 'T1') AS volume_t1,
  sum(c.volume) FILTER (WHERE c.zone = 'T2') AS volume_t2,
  sum(c.volume) FILTER (WHERE c.zone = 'T3') AS volume_t3,
  array_agg(c.tariff::text ORDER BY c.zone NULLS FIRST, c.part) FILTER (WHERE c.id IS NOT NULL) AS tariffs,
  sum(c.amount) AS amount,
  jsonb_agg(c.basis -> 'readings' ORDER BY c.zone NULLS FIRST)
    FILTER (WHERE c.part = 1 AND jsonb_typeof(c.basis -> 'readings') = 'array') AS readings`;

/** The columns of a row as the pull API and the JSONL/XML streams read them (ConsumptionSqlRow). */
function rowColumns(pii: string): string {
  return `to_char(g.period, 'YYYY-MM') AS period, g.account_id::text AS account_id, a.number AS account_number,
       p.building_id::text AS building_id, p.id::text AS premises_id, p.number AS premises_number,
       CASE WHEN ${pii} THEN a.holder_name END AS holder_name,
       CASE WHEN ${pii} THEN b.address || CASE p.kind WHEN 'residential' THEN ', кв. ' ELSE ', пом. ' END || p.number
       END AS address,
       g.service_code, g.lines, g.unit, g.method, r.count AS residents, p.area::text AS area,
       round(g.volume, s.volume_scale)::text AS volume,
       round(g.volume_t1, s.volume_scale)::text AS volume_t1,
       round(g.volume_t2, s.volume_scale)::text AS volume_t2,
       round(g.volume_t3, s.volume_scale)::text AS volume_t3,
       g.tariffs, g.amount::text AS amount, g.readings, ch.channels,
       rc.recalculated::text AS recalculated, rc.recalculations`;
}

function decorate(inner: string, pii: string, projection = rowColumns(pii), extraJoins = ''): string {
  return `
SELECT ${projection}
  FROM (${inner}) g
  JOIN accounts a ON a.id = g.account_id
  JOIN premises p ON p.id = a.premises_id
  JOIN buildings b ON b.id = p.building_id
  JOIN services s ON s.code = g.service_code
  LEFT JOIN LATERAL (
    SELECT x.count FROM account_residents x
     WHERE x.account_id = g.account_id AND x.valid_from < (g.period + interval '1 month')::date
     ORDER BY x.valid_from DESC LIMIT 1) r ON true
  LEFT JOIN LATERAL (
    SELECT jsonb_object_agg(mr.meter_id::text || '|' || mr.zone || '|' || mr.taken_on::text, mr.channel) AS channels
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(g.readings) = 'array' THEN g.readings ELSE '[]' END) z
     CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(z) = 'array' THEN z ELSE '[]' END) st
     -- One probe of the unique index per billing step. OFFSET 0 keeps it a probe: as a plain join the
     -- planner (guessing 1 000 steps per row) hashed all of meter_readings, and rebuilt that hash for
     -- every exported row once it spilled past work_mem (S: minutes instead of seconds).
     CROSS JOIN LATERAL (
       SELECT m.meter_id, m.zone, m.taken_on, m.channel FROM meter_readings m
        WHERE m.meter_id = (st ->> 'meterId')::bigint AND m.zone = coalesce(st ->> 'zone', 'T1')
          AND m.taken_on IN ((st -> 'from' ->> 'takenOn')::date, (st -> 'to' ->> 'takenOn')::date)
       OFFSET 0) mr
     WHERE st ->> 'meterId' ~ '^[0-9]+$') ch ON true
  LEFT JOIN LATERAL (
    SELECT sum(l.amount_delta) AS recalculated,
           jsonb_agg(jsonb_build_object('number', d.number, 'kind', d.kind, 'reason', d.reason,
                     'postingPeriod', to_char(l.posting_period, 'YYYY-MM'), 'zone', l.zone,
                     'volumeDelta', l.volume_delta::text, 'amountDelta', l.amount_delta::text)
                     ORDER BY l.id) AS recalculations
      FROM recalculation_lines l JOIN recalculations d ON d.id = l.recalculation_id
     WHERE l.corrected_period = g.period AND l.account_id = g.account_id AND l.service_code = g.service_code
  ) rc ON true${extraJoins}
 ORDER BY g.account_id, g.service_code`;
}

const periodRows = (period: string, lastAccount: string, lastService: string, limit: string) =>
  `SELECT c.period, c.account_id, c.service_code, ${LINE_AGGREGATES}
     FROM charge_lines c
    WHERE c.period = ${period} AND (c.period, c.account_id, c.service_code) > (${period}, ${lastAccount}, ${lastService})
    GROUP BY c.period, c.account_id, c.service_code
    ORDER BY c.period, c.account_id, c.service_code
    LIMIT ${limit}`;

/** $1 period date, $2/$3 the last key returned (0, '' before the first), $4 personal data, $5 limit (NULL = all). */
export const PERIOD_ROWS_SQL = decorate(
  periodRows('$1::date', '$2::bigint', '$3::text', '$5'),
  '$4::boolean',
);

/** $1 period date, $2/$3 last key, $4 personal data, $5 limit, $6 snapshot `from`, $7 snapshot `to`. */
export const CHANGED_ROWS_SQL = decorate(
  `SELECT k.period, k.account_id, k.service_code, ${LINE_AGGREGATES}
     FROM (SELECT period, account_id, service_code FROM consumption_changes
            WHERE xid >= pg_snapshot_xmin($6::pg_snapshot)
              AND NOT pg_visible_in_snapshot(xid, $6::pg_snapshot)
              AND pg_visible_in_snapshot(xid, $7::pg_snapshot)
              AND period = $1::date AND (account_id, service_code) > ($2::bigint, $3::text)
            ORDER BY account_id, service_code
            LIMIT $5) k
     LEFT JOIN charge_lines c
       ON c.period = k.period AND c.account_id = k.account_id AND c.service_code = k.service_code
    GROUP BY k.period, k.account_id, k.service_code`,
  '$4::boolean',
);

/*
 * The whole period as CSV text formatted by PostgreSQL, one `text` column per row holding the complete
 * line (CRLF included), for `COPY (…) TO STDOUT (FORMAT binary)`: binary COPY hands each value over as
 * its raw UTF-8 bytes, so no COPY escaping or quoting is applied on top of ours. The expressions
 * reproduce `csvLine(buildConsumptionRow(row))` (consumption-format.ts, consumption-row.build.ts)
 * exactly; the integration test compares both on tricky data.
 */

/** `str()` of the row builder: the JSON string's text, NULL for anything else (number, object, missing). */
const jstr = (e: string) => `(CASE WHEN jsonb_typeof(${e}) = 'string' THEN ${e} #>> '{}' END)`;

/** `trimDecimal`: "105.110000" → "105.11", "100.0" → "100"; anything else unchanged. */
const trimDecimal = (e: string) =>
  `(CASE WHEN ${e} ~ '^-?[0-9]+\.[0-9]+$' THEN rtrim(rtrim(${e}, '0'), '.') ELSE ${e} END)`;

/** `enc` of the CSV cells of readings and deltas: NULL → '', then '%', '|', ',' percent-encoded. */
const enc = (e: string) =>
  `replace(replace(replace(coalesce(${e}, ''), '%', '%25'), '|', '%7C'), ',', '%2C')`;

/** `csvField`: NULL → '', quoted (quotes doubled) only when holding ';', '"', CR or LF. */
const csvField = (e: string) =>
  `(CASE WHEN ${e} ~ E'[;"\\r\\n]' THEN '"' || replace(${e}, '"', '""') || '"' ELSE coalesce(${e}, '') END)`;

/** `channel(on)` of readingsOf: the channel map keyed `meterId|zone|takenOn`, JS defaults included. */
const channelOf = (step: string, on: string) =>
  `(ch.channels ->> (coalesce(${jstr(`${step} -> 'meterId'`)}, '') || '|' || coalesce(${jstr(`${step} -> 'zone'`)}, 'T1')
     || '|' || coalesce(${jstr(on)}, '')))`;

/** One reading entry of the `readings` cell (readingsOf + csvReadings). */
function readingEntry(st: string): string {
  const from = `${st} -> 'from'`;
  const to = `${st} -> 'to'`;
  // JS compares the two `takenOn` values with ===: equal scalars (or both missing), never objects.
  const single = `((${from} -> 'takenOn') IS NOT DISTINCT FROM (${to} -> 'takenOn')
      AND coalesce(jsonb_typeof(${from} -> 'takenOn'), '') NOT IN ('object', 'array'))`;
  const unlessSingle = (e: string) => `(CASE WHEN ${single} THEN NULL ELSE ${e} END)`;
  return [
    enc(jstr(`${st} -> 'serialNumber'`)),
    enc(jstr(`${st} -> 'zone'`)),
    enc(unlessSingle(trimDecimal(jstr(`${from} -> 'value'`)))),
    enc(unlessSingle(jstr(`${from} -> 'takenOn'`))),
    enc(trimDecimal(jstr(`${to} -> 'value'`))),
    enc(jstr(`${to} -> 'takenOn'`)),
    enc(channelOf(st, `${to} -> 'takenOn'`)),
    enc(unlessSingle(channelOf(st, `${from} -> 'takenOn'`))),
  ].join(` || '|' || `);
}

/** One delta of the `recalculations` cell (recalculationsOf + csvRecalculations). */
function deltaEntry(x: string): string {
  return [
    enc(jstr(`${x} -> 'number'`)),
    enc(jstr(`${x} -> 'kind'`)),
    enc(jstr(`${x} -> 'postingPeriod'`)),
    enc(jstr(`${x} -> 'zone'`)),
    enc(`coalesce(${trimDecimal(jstr(`${x} -> 'volumeDelta'`))}, '0')`),
    enc(`coalesce(${jstr(`${x} -> 'amountDelta'`)}, '0')`),
    enc(jstr(`${x} -> 'reason'`)),
  ].join(` || '|' || `);
}

const CSV_CELLS = `
  LEFT JOIN LATERAL (
    SELECT string_agg(${readingEntry('st.s')}, ',' ORDER BY z.i, st.j) AS readings
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(g.readings) = 'array' THEN g.readings ELSE '[]' END)
           WITH ORDINALITY z(v, i)
     CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(z.v) = 'array' THEN z.v ELSE '[]' END)
           WITH ORDINALITY st(s, j)
     WHERE jsonb_typeof(st.s) = 'object' AND jsonb_typeof(st.s -> 'to' -> 'value') = 'string') rd ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(${deltaEntry('x.v')}, ',' ORDER BY x.i) AS recalculations
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(rc.recalculations) = 'array' THEN rc.recalculations ELSE '[]' END)
           WITH ORDINALITY x(v, i)) rs ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(coalesce(t.v, ''), '/' ORDER BY t.i) AS tariff
      FROM unnest(g.tariffs) WITH ORDINALITY t(v, i)
     WHERE NOT EXISTS (SELECT 1 FROM unnest(g.tariffs) WITH ORDINALITY u(v, i)
                        WHERE u.i < t.i AND u.v IS NOT DISTINCT FROM t.v)) tf ON true`;

/** The CSV line of a row, CRLF included: the fields of CSV_COLUMNS in their order. */
function csvLineExpression(pii: string): string {
  const fields = [
    `to_char(g.period, 'YYYY-MM')`,
    'a.number',
    'g.account_id::text',
    'p.building_id::text',
    'p.id::text',
    'p.number',
    `(CASE WHEN ${pii} THEN a.holder_name END)`,
    `(CASE WHEN ${pii} THEN b.address || CASE p.kind WHEN 'residential' THEN ', кв. ' ELSE ', пом. ' END || p.number END)`,
    'g.service_code',
    'g.unit',
    'g.method',
    'r.count::text',
    'p.area::text',
    'round(g.volume, s.volume_scale)::text',
    'round(g.volume_t1, s.volume_scale)::text',
    'round(g.volume_t2, s.volume_scale)::text',
    'round(g.volume_t3, s.volume_scale)::text',
    'tf.tariff',
    'g.amount::text',
    'rd.readings',
    'rc.recalculated::text',
    'rs.recalculations',
  ];
  return `${fields.map(csvField).join(` || ';' || `)} || E'\\r\\n' AS line`;
}

/**
 * `COPY (the whole period's CSV lines) TO STDOUT (FORMAT binary)`. COPY takes no parameters, so the
 * period (a validated YYYY-MM) and the personal-data switch are written in as literals.
 */
export function periodCsvCopySql(period: string, pii: boolean): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new Error(`bad period ${period}`);
  const date = `'${period}-01'::date`;
  const piiLiteral = pii ? 'true' : 'false';
  const query = decorate(
    periodRows(date, '0::bigint', `''::text`, 'NULL'),
    piiLiteral,
    csvLineExpression(piiLiteral),
    CSV_CELLS,
  );
  return `COPY (${query}) TO STDOUT (FORMAT binary)`;
}
