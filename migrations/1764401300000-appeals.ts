import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizens' appeals (обращения) and the correspondence register (issue 7 section 2, RULES.md §8).
 * Deadline rules and answer-letter templates are data with validity dates; letter numbers are
 * gapless per direction and year (a counter row updated in the registering transaction).
 */
export class Appeals1764401300000 implements MigrationInterface {
  name = 'Appeals1764401300000';

  public async up(q: QueryRunner): Promise<void> {
    // channel null = any channel; a channel-specific row wins over the any-channel one.
    await q.query(`
      CREATE TABLE appeal_deadline_rules (
        id          bigserial PRIMARY KEY,
        category    text NOT NULL,
        channel     text,
        days        integer NOT NULL,
        day_kind    text NOT NULL,
        extension_days integer NOT NULL DEFAULT 0,
        valid_from  date NOT NULL,
        valid_to    date,
        source      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_appeal_deadline_rules__days CHECK (days BETWEEN 0 AND 366 AND extension_days BETWEEN 0 AND 366),
        CONSTRAINT ck_appeal_deadline_rules__day_kind CHECK (day_kind IN ('working', 'calendar')),
        CONSTRAINT ck_appeal_deadline_rules__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_appeal_deadline_rules__overlap EXCLUDE USING gist (
          category WITH =, (coalesce(channel, '*')) WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(
      `INSERT INTO appeal_deadline_rules (category, channel, days, day_kind, valid_from, source) VALUES
       ('charge_check', NULL, 10, 'working', '2013-01-01', 'Правила 416 п. 36: письменный запрос — 10 рабочих дней'),
       ('charge_check', 'visit', 0, 'working', '2011-09-01', 'Постановление 354 п. 31 «д»: проверка при личном обращении — немедленно'),
       ('recalculation_request', NULL, 10, 'working', '2013-01-01', 'Правила 416 п. 36: письменный запрос — 10 рабочих дней'),
       ('meter_check', NULL, 10, 'calendar', '2011-09-01', 'Постановление 354 п. 31 «е(2)»: проверка ИПУ — 10 дней'),
       ('quality_complaint', NULL, 3, 'working', '2011-09-01', 'Постановление 354 п. 31 «к»: жалоба на качество — 3 рабочих дня'),
       ('temporary_absence', NULL, 5, 'working', '2011-09-01', 'Постановление 354 п. 91: перерасчёт за отсутствие — 5 рабочих дней'),
       ('personal_data_request', NULL, 10, 'working', '2022-09-01', '152-ФЗ ст. 14 ч. 3, ст. 20 ч. 1 (266-ФЗ): 10 рабочих дней, продление на 5 рабочих дней с мотивированным уведомлением'),
       ('other', NULL, 10, 'working', '2013-01-01', 'Правила 416 п. 36: письменный запрос — 10 рабочих дней')`,
    );

    // 152-FZ art. 14 p. 3 / art. 20 p. 1: extendable once by 5 working days with a reasoned notice.
    await q.query(
      `UPDATE appeal_deadline_rules SET extension_days = 5 WHERE category = 'personal_data_request'`,
    );

    await q.query(`
      CREATE TABLE letter_templates (
        id          bigserial PRIMARY KEY,
        code        text NOT NULL,
        title       text NOT NULL,
        body        text NOT NULL,
        valid_from  date NOT NULL,
        valid_to    date,
        source      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_letter_templates__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_letter_templates__overlap EXCLUDE USING gist (
          code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(
      `INSERT INTO letter_templates (code, title, body, valid_from, source) VALUES
       ('answer', 'Ответ на обращение',
        E'Уважаемый(ая) {{citizenName}}!\\n\\nНа Ваше обращение № {{appealNumber}} от {{registeredOn}} ({{category}}) сообщаем следующее.\\n\\n{{answerText}}\\n\\nСрок ответа по обращению: {{deadlineOn}}.',
        '2020-01-01', 'Шаблон организации (локальное решение)'),
       ('recalculation_decision', 'Решение по заявлению о перерасчёте',
        E'Уважаемый(ая) {{citizenName}}!\\n\\nПо Вашему заявлению № {{appealNumber}} от {{registeredOn}} о перерасчёте сообщаем: {{answerText}}\\n\\nПерерасчёт будет отражён в разделе «Перерасчёты» ближайшего платёжного документа.',
        '2020-01-01', 'RULES.md §8: решение, суммы по услугам и периодам, основание')`,
    );

    await q.query(`
      CREATE TABLE appeals (
        id                bigserial PRIMARY KEY,
        citizen_name      text NOT NULL,
        citizen_phone     text,
        citizen_email     text,
        citizen_address   text,
        account_id        bigint REFERENCES accounts(id),
        channel           text NOT NULL,
        category          text NOT NULL,
        text              text NOT NULL,
        attachments       jsonb NOT NULL DEFAULT '[]',
        registered_on     date NOT NULL,
        deadline_on       date NOT NULL,
        deadline_rule_id  bigint NOT NULL REFERENCES appeal_deadline_rules(id),
        deadline_basis    jsonb NOT NULL,
        status            text NOT NULL DEFAULT 'registered',
        assignee          text,
        assigned_on       date,
        answered_on       date,
        closed_on         date,
        extended_on       date,
        recalculation_id  bigint REFERENCES recalculations(id),
        reading_id        bigint REFERENCES meter_readings(id),
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_appeals__channel CHECK (channel IN ('visit', 'letter', 'email', 'portal', 'phone')),
        CONSTRAINT ck_appeals__category CHECK (category IN ('charge_check', 'recalculation_request', 'meter_check',
          'quality_complaint', 'temporary_absence', 'personal_data_request', 'other')),
        CONSTRAINT ck_appeals__status CHECK (status IN ('registered', 'assigned', 'answered', 'closed')),
        CONSTRAINT ck_appeals__deadline CHECK (deadline_on >= registered_on)
      )`);
    await q.query(`CREATE INDEX ix_appeals__account ON appeals (account_id) WHERE account_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX ix_appeals__open_deadline ON appeals (deadline_on) WHERE status IN ('registered', 'assigned')`,
    );
    await q.query(`CREATE INDEX ix_appeals__registered_on ON appeals (registered_on)`);

    await q.query(`
      CREATE TABLE appeal_events (
        id           bigserial PRIMARY KEY,
        appeal_id    bigint NOT NULL REFERENCES appeals(id),
        from_status  text,
        to_status    text NOT NULL,
        happened_on  date NOT NULL,
        actor        text NOT NULL,
        note         text,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_appeal_events__appeal ON appeal_events (appeal_id, id)`);

    await q.query(`
      CREATE TABLE correspondence_counters (
        direction  text NOT NULL,
        year       integer NOT NULL,
        last       integer NOT NULL,
        CONSTRAINT pk_correspondence_counters PRIMARY KEY (direction, year)
      )`);
    await q.query(`
      CREATE TABLE correspondence (
        id            bigserial PRIMARY KEY,
        direction     text NOT NULL,
        year          integer NOT NULL,
        seq           integer NOT NULL,
        number        text NOT NULL,
        letter_date   date NOT NULL,
        appeal_id     bigint REFERENCES appeals(id),
        account_id    bigint REFERENCES accounts(id),
        citizen_name  text NOT NULL,
        subject       text NOT NULL,
        template_id   bigint REFERENCES letter_templates(id),
        pdf           bytea,
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_correspondence__direction CHECK (direction IN ('incoming', 'outgoing')),
        CONSTRAINT uq_correspondence__direction_year_seq UNIQUE (direction, year, seq),
        CONSTRAINT ck_correspondence__year CHECK (year = extract(year FROM letter_date))
      )`);
    await q.query(
      `CREATE INDEX ix_correspondence__account ON correspondence (account_id) WHERE account_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_correspondence__citizen ON correspondence (lower(citizen_name))`);

    await q.query(`
      CREATE TABLE reception_visits (
        id             bigserial PRIMARY KEY,
        visited_on     date NOT NULL,
        citizen_name   text NOT NULL,
        citizen_phone  text,
        account_id     bigint REFERENCES accounts(id),
        topic          text NOT NULL,
        outcome        text NOT NULL,
        appeal_id      bigint REFERENCES appeals(id),
        received_by    text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_reception_visits__visited_on ON reception_visits (visited_on)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'reception_visits',
      'correspondence',
      'correspondence_counters',
      'appeal_events',
      'appeals',
      'letter_templates',
      'appeal_deadline_rules',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
