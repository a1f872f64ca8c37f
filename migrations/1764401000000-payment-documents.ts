import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment documents (ЕПД, decree 354 para 69, Minstroy order 43/пр): issued documents frozen with
 * their full content and PDF bytes, gapless numbering per organisation and year (a counter row
 * updated in the issuing transaction), corrections that supersede, batch runs with chunk rows, and
 * the notice texts printed in the "Уведомление" section as editable data with validity.
 */
export class PaymentDocuments1764401000000 implements MigrationInterface {
  name = 'PaymentDocuments1764401000000';

  public async up(q: QueryRunner): Promise<void> {
    // The last number given per organisation and year. Issuing does UPDATE … RETURNING on this row,
    // so concurrent issues queue on the row lock and a rolled-back issue gives its number back.
    await q.query(`
      CREATE TABLE payment_document_counters (
        organisation_id  bigint NOT NULL REFERENCES organisations(id),
        year             smallint NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        last_number      integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
        CONSTRAINT pk_payment_document_counters PRIMARY KEY (organisation_id, year)
      )`);

    await q.query(`
      CREATE TABLE document_runs (
        id            bigserial PRIMARY KEY,
        period        date NOT NULL CHECK (extract(day FROM period) = 1),
        scope         text NOT NULL CHECK (scope IN ('all', 'building', 'accounts')),
        building_id   bigint REFERENCES buildings(id),
        account_ids   bigint[],
        status        text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'completed_with_errors', 'failed')),
        total         integer NOT NULL CHECK (total >= 0),
        requested_by  text NOT NULL,
        error         text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        started_at    timestamptz,
        finished_at   timestamptz,
        CONSTRAINT ck_document_runs__scope CHECK (
          (scope = 'all' AND building_id IS NULL AND account_ids IS NULL)
          OR (scope = 'building' AND building_id IS NOT NULL AND account_ids IS NULL)
          OR (scope = 'accounts' AND building_id IS NULL AND account_ids IS NOT NULL))
      )`);
    // One active batch per period and scope (all / one building); lists of accounts may overlap (the
    // per-account unique key of documents keeps them idempotent).
    await q.query(`
      CREATE UNIQUE INDEX uq_document_runs__active ON document_runs (period, scope, coalesce(building_id, 0))
       WHERE status IN ('queued', 'running') AND scope <> 'accounts'`);

    // A chunk = up to DOCUMENTS_CHUNK_SIZE accounts of one building; done/failed counted per chunk,
    // failures [{accountId, code, message}] kept for the progress view.
    await q.query(`
      CREATE TABLE document_run_chunks (
        id            bigserial PRIMARY KEY,
        run_id        bigint NOT NULL REFERENCES document_runs(id),
        building_id   bigint NOT NULL REFERENCES buildings(id),
        chunk_no      integer NOT NULL,
        account_ids   bigint[] NOT NULL,
        status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
        attempts      integer NOT NULL DEFAULT 0,
        done          integer NOT NULL DEFAULT 0,
        skipped       integer NOT NULL DEFAULT 0,
        failed        integer NOT NULL DEFAULT 0,
        failures      jsonb NOT NULL DEFAULT '[]',
        error         text,
        started_at    timestamptz,
        finished_at   timestamptz,
        CONSTRAINT uq_document_run_chunks__run_building_no UNIQUE (run_id, building_id, chunk_no)
      )`);

    await q.query(`
      CREATE TABLE payment_documents (
        id                 bigserial PRIMARY KEY,
        organisation_id    bigint NOT NULL REFERENCES organisations(id),
        year               smallint NOT NULL,
        seq                integer NOT NULL CHECK (seq >= 1),
        number             text NOT NULL,
        account_id         bigint NOT NULL REFERENCES accounts(id),
        building_id        bigint NOT NULL REFERENCES buildings(id),
        period             date NOT NULL CHECK (extract(day FROM period) = 1),
        status             text NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'superseded')),
        supersedes_id      bigint REFERENCES payment_documents(id),
        superseded_by_id   bigint REFERENCES payment_documents(id) DEFERRABLE INITIALLY DEFERRED,
        correction_reason  text,
        run_id             bigint REFERENCES document_runs(id),
        total_due          numeric(14,2) NOT NULL,
        due_date           date NOT NULL,
        issued_on          date NOT NULL,
        content            jsonb NOT NULL,
        -- Rendered from content right after the issuing transaction commits (outside the numbering
        -- lock); null only until then, and a download renders a missing one from content.
        pdf                bytea,
        pdf_sha256         char(64),
        issued_by          text NOT NULL,
        issued_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_payment_documents__org_year_seq UNIQUE (organisation_id, year, seq),
        CONSTRAINT uq_payment_documents__supersedes UNIQUE (supersedes_id),
        CONSTRAINT ck_payment_documents__correction CHECK ((supersedes_id IS NULL) = (correction_reason IS NULL)),
        CONSTRAINT ck_payment_documents__superseded CHECK ((status = 'superseded') = (superseded_by_id IS NOT NULL)),
        CONSTRAINT ck_payment_documents__pdf CHECK ((pdf IS NULL) = (pdf_sha256 IS NULL))
      )`);
    // At most one current document per account and period: the idempotency key of batch issue.
    await q.query(`
      CREATE UNIQUE INDEX uq_payment_documents__account_period_current
        ON payment_documents (account_id, period) WHERE status = 'current'`);
    await q.query(`CREATE INDEX ix_payment_documents__run ON payment_documents (run_id, building_id)`);
    await q.query(
      `CREATE INDEX ix_payment_documents__period_building ON payment_documents (period, building_id)`,
    );

    // Frozen: an issued document's content, bytes and number never change; only the supersession
    // link and status may be set once, and the PDF bytes once (rendered from the content).
    await q.query(`
      CREATE FUNCTION refuse_payment_document_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'payment documents are never deleted' USING ERRCODE = 'P0001', CONSTRAINT = 'payment_document_frozen';
        END IF;
        IF NEW.content IS DISTINCT FROM OLD.content OR (OLD.pdf IS NOT NULL AND NEW.pdf IS DISTINCT FROM OLD.pdf)
           OR NEW.number IS DISTINCT FROM OLD.number OR NEW.seq IS DISTINCT FROM OLD.seq
           OR NEW.total_due IS DISTINCT FROM OLD.total_due OR NEW.account_id IS DISTINCT FROM OLD.account_id
           OR NEW.period IS DISTINCT FROM OLD.period
           OR (OLD.status = 'superseded' AND (NEW.status <> OLD.status OR NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id)) THEN
          RAISE EXCEPTION 'an issued payment document is frozen' USING ERRCODE = 'P0001', CONSTRAINT = 'payment_document_frozen';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_payment_documents__frozen BEFORE UPDATE OR DELETE ON payment_documents
        FOR EACH ROW EXECUTE FUNCTION refuse_payment_document_change()`);

    // The "Уведомление" section (43/пр): reading deadline and the para 59 consequences; {cutoffDay}
    // is replaced by the configured reading cut-off day.
    await q.query(`
      CREATE TABLE document_notices (
        id          bigserial PRIMARY KEY,
        valid_from  date NOT NULL,
        valid_to    date,
        text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        source      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_document_notices__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_document_notices__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`INSERT INTO document_notices (valid_from, text, source) VALUES ($1, $2, $3)`, [
      '2020-01-01',
      'Показания индивидуальных приборов учёта передавайте с 20 по {cutoffDay} число каждого месяца. ' +
        'Если показания не переданы, объём определяется по среднемесячному потреблению не более 3 расчётных ' +
        'периодов, затем по нормативу (п. 59, 60 Правил № 354). Срок оплаты указан в документе; при просрочке ' +
        'начисляются пени (ч. 14 ст. 155 ЖК РФ).',
      'Постановление Правительства РФ № 354, пп. 31, 59, 60; ЖК РФ ст. 155',
    ]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS document_notices`);
    await q.query(`DROP TABLE IF EXISTS payment_documents`);
    await q.query(`DROP FUNCTION IF EXISTS refuse_payment_document_change()`);
    for (const t of ['document_run_chunks', 'document_runs', 'payment_document_counters']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
