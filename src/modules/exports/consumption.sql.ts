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

function decorate(inner: string, pii: string): string {
  return `
SELECT to_char(g.period, 'YYYY-MM') AS period, g.account_id::text AS account_id, a.number AS account_number,
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
       rc.recalculated::text AS recalculated, rc.recalculations
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
      JOIN meter_readings mr
        ON mr.meter_id = (st ->> 'meterId')::bigint AND mr.zone = coalesce(st ->> 'zone', 'T1')
       AND mr.taken_on IN ((st -> 'from' ->> 'takenOn')::date, (st -> 'to' ->> 'takenOn')::date)
     WHERE st ->> 'meterId' ~ '^[0-9]+$') ch ON true
  LEFT JOIN LATERAL (
    SELECT sum(l.amount_delta) AS recalculated,
           jsonb_agg(jsonb_build_object('number', d.number, 'kind', d.kind, 'reason', d.reason,
                     'postingPeriod', to_char(l.posting_period, 'YYYY-MM'), 'zone', l.zone,
                     'volumeDelta', l.volume_delta::text, 'amountDelta', l.amount_delta::text)
                     ORDER BY l.id) AS recalculations
      FROM recalculation_lines l JOIN recalculations d ON d.id = l.recalculation_id
     WHERE l.corrected_period = g.period AND l.account_id = g.account_id AND l.service_code = g.service_code
  ) rc ON true
 ORDER BY g.account_id, g.service_code`;
}

/** $1 period date, $2/$3 the last key returned (0, '' before the first), $4 personal data, $5 limit (NULL = all). */
export const PERIOD_ROWS_SQL = decorate(
  `SELECT c.period, c.account_id, c.service_code, ${LINE_AGGREGATES}
     FROM charge_lines c
    WHERE c.period = $1::date AND (c.period, c.account_id, c.service_code) > ($1::date, $2::bigint, $3::text)
    GROUP BY c.period, c.account_id, c.service_code
    ORDER BY c.period, c.account_id, c.service_code
    LIMIT $5`,
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
