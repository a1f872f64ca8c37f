/**
 * The floor of the billing-run benchmark: the same v1 charge lines as the application computes
 * (metered per zone with roll-over, norm when a meter is missing or unread, heating by area and norm,
 * maintenance by area, sewerage from water, solid waste by norm), as ONE `INSERT … SELECT` with no
 * queue, no basis JSON and no bookkeeping. $1 is the period's first day. Its totals must equal the
 * application's to the kopeck — the benchmark and its smoke test check that.
 */
export const BILLING_FLOOR_TABLE = `
  CREATE TABLE IF NOT EXISTS bench_floor_lines (
    account_id bigint NOT NULL, service_code text NOT NULL, zone text,
    volume numeric(16,6) NOT NULL, tariff numeric(14,6) NOT NULL, amount numeric(14,2) NOT NULL)`;

export const BILLING_FLOOR_SQL = `
INSERT INTO bench_floor_lines (account_id, service_code, zone, volume, tariff, amount)
WITH per AS (SELECT $1::date AS s, ($1::date + interval '1 month' - interval '1 day')::date AS e),
acc AS (
  SELECT a.id AS account_id, p.id AS premises_id, p.building_id, p.area,
         coalesce((SELECT r.count FROM account_residents r
                    WHERE r.account_id = a.id AND r.valid_from <= least(coalesce(a.closed_on, 'infinity'::date), per.e)
                    ORDER BY r.valid_from DESC LIMIT 1), 0) AS residents
    FROM accounts a JOIN premises p ON p.id = a.premises_id CROSS JOIN per
   WHERE a.opened_on <= per.e AND (a.closed_on IS NULL OR a.closed_on >= per.s)),
svc AS (
  SELECT bs.building_id, s.code, s.volume_scale, s.calculation
    FROM building_services bs JOIN services s ON s.code = bs.service_code CROSS JOIN per
   WHERE bs.valid_from <= per.e AND (bs.valid_to IS NULL OR bs.valid_to >= per.s)),
tar AS (
  SELECT DISTINCT ON (b.id, t.service_code, coalesce(t.zone, '')) b.id AS building_id, t.service_code, t.zone, t.price
    FROM buildings b JOIN tariffs t ON t.building_id = b.id OR t.organisation_id = b.organisation_id CROSS JOIN per
   WHERE t.valid_from <= per.s AND (t.valid_to IS NULL OR t.valid_to >= per.s)
   ORDER BY b.id, t.service_code, coalesce(t.zone, ''), (t.building_id IS NULL)),
nrm AS (
  SELECT DISTINCT ON (b.id, n.service_code) b.id AS building_id, n.service_code, n.value, n.basis
    FROM buildings b JOIN norms n
      ON n.building_id = b.id OR n.organisation_id = b.organisation_id OR (n.building_id IS NULL AND n.organisation_id IS NULL)
    CROSS JOIN per
   WHERE n.valid_from <= per.s AND (n.valid_to IS NULL OR n.valid_to >= per.s)
   ORDER BY b.id, n.service_code, (n.building_id IS NULL), (n.organisation_id IS NULL)),
mtr AS (
  SELECT m.id, m.premises_id, m.service_code, m.zones, m.digits FROM meters m CROSS JOIN per
   WHERE m.kind = 'individual' AND m.installed_on <= per.e AND (m.decommissioned_on IS NULL OR m.decommissioned_on >= per.s)),
chain AS (
  SELECT r.meter_id, r.zone, r.value, r.taken_on, true AS in_period
    FROM meter_readings r JOIN mtr ON mtr.id = r.meter_id CROSS JOIN per WHERE r.period = per.s
  UNION ALL
  SELECT b.meter_id, b.zone, b.value, b.taken_on, false
    FROM mtr CROSS JOIN per
   CROSS JOIN LATERAL unnest(ARRAY['T1', 'T2', 'T3']) WITH ORDINALITY AS z(zone, n)
   CROSS JOIN LATERAL (SELECT r.meter_id, r.zone, r.value, r.taken_on FROM meter_readings r
                        WHERE r.meter_id = mtr.id AND r.zone = z.zone AND r.period < per.s
                        ORDER BY r.taken_on DESC LIMIT 1) b
   WHERE z.n <= mtr.zones),
steps AS (
  SELECT c.meter_id, c.zone, c.in_period, c.value - lag(c.value) OVER w AS d
    FROM chain c WINDOW w AS (PARTITION BY c.meter_id, c.zone ORDER BY c.taken_on)),
real AS (
  SELECT s.meter_id, s.zone,
         coalesce(sum(CASE WHEN s.d >= 0 THEN s.d ELSE s.d + power(10::numeric, m.digits) END), 0) AS vol
    FROM steps s JOIN mtr m ON m.id = s.meter_id
   GROUP BY s.meter_id, s.zone HAVING bool_or(s.in_period)),
-- Average substitution (para 59) for meters without a reading: the benchmark bills its first period,
-- so no earlier substituted periods exist and every unread meter is within the 3-period allowance.
hist AS (
  SELECT r.meter_id, r.zone, r.value, r.taken_on, r.period
    FROM meter_readings r JOIN mtr m ON m.id = r.meter_id CROSS JOIN per
   WHERE r.period < per.s AND r.period >= per.s - interval '10 months'
     AND NOT EXISTS (SELECT 1 FROM meter_readings x WHERE x.meter_id = m.id AND x.period = per.s)),
lastr AS (SELECT DISTINCT ON (meter_id, zone) meter_id, zone, period FROM hist ORDER BY meter_id, zone, taken_on DESC),
firstr AS (
  SELECT DISTINCT ON (h.meter_id, h.zone) h.meter_id, h.zone, h.taken_on,
         ((extract(year FROM l.period) - extract(year FROM h.period)) * 12 + extract(month FROM l.period) - extract(month FROM h.period))::int AS months
    FROM hist h JOIN lastr l ON l.meter_id = h.meter_id AND l.zone = h.zone
   ORDER BY h.meter_id, h.zone, (h.period <= l.period - interval '6 months') DESC,
            CASE WHEN h.period <= l.period - interval '6 months' THEN h.taken_on END DESC NULLS LAST, h.taken_on),
hsteps AS (
  SELECT h.meter_id, h.zone, f.months, h.value - lag(h.value) OVER w AS d
    FROM hist h JOIN firstr f ON f.meter_id = h.meter_id AND f.zone = h.zone AND h.taken_on >= f.taken_on
  WINDOW w AS (PARTITION BY h.meter_id, h.zone ORDER BY h.taken_on)),
avgz AS (
  SELECT s.meter_id, s.zone,
         coalesce(sum(CASE WHEN s.d >= 0 THEN s.d ELSE s.d + power(10::numeric, m.digits) END), 0) / s.months AS vol
    FROM hsteps s JOIN mtr m ON m.id = s.meter_id
   WHERE s.months >= 3
   GROUP BY s.meter_id, s.zone, s.months),
mz AS (SELECT meter_id, zone, vol FROM real UNION ALL SELECT meter_id, zone, vol FROM avgz),
read AS (SELECT DISTINCT meter_id FROM mz),
ps AS (
  SELECT m.premises_id, m.service_code, bool_and(rd.meter_id IS NOT NULL) AS all_read, bool_and(m.zones = 1) AS single
    FROM mtr m LEFT JOIN read rd ON rd.meter_id = m.id GROUP BY m.premises_id, m.service_code),
metered AS (
  SELECT m.premises_id, m.service_code, CASE WHEN ps.single THEN NULL ELSE mz.zone END AS zone, sum(mz.vol) AS vol
    FROM mz JOIN mtr m ON m.id = mz.meter_id
    JOIN ps ON ps.premises_id = m.premises_id AND ps.service_code = m.service_code
   WHERE ps.all_read
   GROUP BY m.premises_id, m.service_code, CASE WHEN ps.single THEN NULL ELSE mz.zone END),
q AS (
  SELECT a.account_id, a.building_id, s.code, mt.zone, round(mt.vol, s.volume_scale) AS vol, NULL::numeric AS k
    FROM metered mt JOIN acc a ON a.premises_id = mt.premises_id JOIN services s ON s.code = mt.service_code
   WHERE EXISTS (SELECT 1 FROM svc WHERE svc.building_id = a.building_id AND svc.code = s.code)
  UNION ALL
  SELECT a.account_id, a.building_id, sv.code, NULL,
         round(n.value * CASE n.basis WHEN 'per_person' THEN a.residents ELSE a.area END, sv.volume_scale),
         -- ×K where a meter could be installed but there is none (para 42), unless impossibility is recorded
         CASE WHEN sv.calculation = 'metered' AND ps.premises_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM metering_impossibility_acts ia
                                    WHERE ia.premises_id = a.premises_id AND ia.service_code = sv.code)
              THEN (SELECT c.value FROM increasing_coefficients c, per
                     WHERE c.service_code = sv.code AND c.applies_when = 'no_meter'
                       AND c.valid_from <= per.s AND (c.valid_to IS NULL OR c.valid_to >= per.s)) END
    FROM acc a JOIN svc sv ON sv.building_id = a.building_id AND sv.calculation IN ('metered', 'norm')
    JOIN nrm n ON n.building_id = a.building_id AND n.service_code = sv.code
    LEFT JOIN ps ON ps.premises_id = a.premises_id AND ps.service_code = sv.code
   WHERE sv.calculation = 'norm' OR ps.all_read IS NOT TRUE
  UNION ALL
  SELECT a.account_id, a.building_id, sv.code, NULL, round(n.value * a.area, sv.volume_scale), NULL
    FROM acc a JOIN svc sv ON sv.building_id = a.building_id AND sv.calculation = 'area_norm'
    JOIN nrm n ON n.building_id = a.building_id AND n.service_code = sv.code AND n.basis = 'per_m2'
  UNION ALL
  SELECT a.account_id, a.building_id, sv.code, NULL, round(a.area, sv.volume_scale), NULL
    FROM acc a JOIN svc sv ON sv.building_id = a.building_id AND sv.calculation = 'area'),
qp AS (
  SELECT q.*, t.price FROM q
    JOIN tar t ON t.building_id = q.building_id AND t.service_code = q.code AND coalesce(t.zone, '') = coalesce(q.zone, '')),
d AS (
  SELECT qp.account_id, qp.building_id, sv.code, round(sum(qp.vol), sv.volume_scale) AS vol
    FROM qp JOIN svc sv ON sv.building_id = qp.building_id AND sv.calculation = 'derived'
   WHERE qp.code IN ('cold_water', 'hot_water')
   GROUP BY qp.account_id, qp.building_id, sv.code, sv.volume_scale)
SELECT account_id, code, zone, vol, price, round(vol * price, 2) + coalesce(round(vol * price * (k - 1), 2), 0) FROM qp
UNION ALL
SELECT d.account_id, d.code, NULL, d.vol, t.price, round(d.vol * t.price, 2)
  FROM d JOIN tar t ON t.building_id = d.building_id AND t.service_code = d.code AND t.zone IS NULL`;

/** Totals by service of the floor's lines, to compare with the application's. */
export const FLOOR_TOTALS_SQL = `
  SELECT service_code AS "serviceCode", count(*)::int AS lines, sum(amount)::text AS amount
    FROM bench_floor_lines GROUP BY service_code ORDER BY service_code`;

/**
 * Runs the floor in one transaction with planner settings that suit one big analytical statement over
 * CTEs (whose row estimates are poor): no JIT (its compile time is not work), no nested loops, joins in
 * the written order, and no statement timeout. This makes the floor as fast as plain SQL reasonably
 * gets, so the ratio is honest.
 */
export async function runBillingFloor(
  db: {
    transaction<T>(
      fn: (m: { query(sql: string, params?: unknown[]): Promise<unknown> }) => Promise<T>,
    ): Promise<T>;
  },
  periodStart: string,
): Promise<void> {
  await db.transaction(async (m) => {
    // At L the one statement outlasts the pool's statement timeout (120 s).
    await m.query(`SET LOCAL statement_timeout = 0`);
    await m.query(`SET LOCAL jit = off`);
    await m.query(`SET LOCAL enable_nestloop = off`);
    await m.query(`SET LOCAL join_collapse_limit = 1`);
    await m.query(BILLING_FLOOR_SQL, [periodStart]);
  });
}
