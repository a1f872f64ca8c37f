import { evaluateReading, EvaluateReadingParams, MeterFacts, ReadingEvaluation } from './reading.rules';
import { HistoryPoint } from './reading-consumption.calc';

const METER: MeterFacts = {
  status: 'active',
  zones: 1,
  digits: 5,
  installedOn: '2024-01-15',
  nextVerificationOn: '2030-01-15',
};
/** 1.000 per day over the 60 days before the last reading. */
const STEADY: HistoryPoint[] = [
  { takenOn: '2025-01-10', value: '100.000000' },
  { takenOn: '2025-02-09', value: '130.000000' },
  { takenOn: '2025-03-11', value: '160.000000' },
];

function run(o: Partial<EvaluateReadingParams> & { t1?: HistoryPoint[] }): ReadingEvaluation {
  const { t1, ...rest } = o;
  return evaluateReading({
    meter: METER,
    values: { T1: '250.000' },
    takenOn: '2025-04-10',
    today: '2025-06-10',
    history: { T1: t1 ?? STEADY },
    suspectFactor: '3',
    cutoffDay: 25,
    ...rest,
  });
}

const codeOf = (e: ReadingEvaluation) => (e.outcome === 'refused' ? e.refusal.code : e.outcome);
const fieldOf = (e: ReadingEvaluation) =>
  e.outcome === 'refused' ? (e.refusal.fields?.[0]?.field ?? null) : null;
const kindOf = (e: ReadingEvaluation) => (e.outcome === 'refused' ? e.refusal.kind : null);

describe('evaluateReading: refusals', () => {
  const twoZones = { ...METER, zones: 2 };
  const nearCapacity = [{ takenOn: '2025-03-11', value: '99990.000' }];
  const cases: [
    string,
    Partial<EvaluateReadingParams> & { t1?: HistoryPoint[] },
    string,
    string | null,
    string,
  ][] = [
    ['a day that does not exist', { takenOn: '2025-02-30' }, 'READING_DATE_INVALID', 'takenOn', 'bad_input'],
    ['values not an object', { values: ['250.000'] }, 'READING_VALUE_INVALID', 'values', 'bad_input'],
    [
      'zone T2 on a 1-zone meter',
      { values: { T1: '250.000', T2: '1.000' } },
      'READING_ZONE_UNKNOWN',
      'values.T2',
      'bad_input',
    ],
    ['zone X', { values: { X: '250.000' } }, 'READING_ZONE_UNKNOWN', 'values.X', 'bad_input'],
    [
      'T3 on a 2-zone meter',
      { meter: twoZones, values: { T1: '1', T2: '1', T3: '1' } },
      'READING_ZONE_UNKNOWN',
      'values.T3',
      'bad_input',
    ],
    [
      'T2 missing on a 2-zone meter',
      { meter: twoZones, values: { T1: '250.000' } },
      'READING_ZONE_MISSING',
      'values.T2',
      'bad_input',
    ],
    ['letters', { values: { T1: 'abc' } }, 'READING_VALUE_INVALID', 'values.T1', 'bad_input'],
    ['exponent', { values: { T1: '2.5e2' } }, 'READING_VALUE_INVALID', 'values.T1', 'bad_input'],
    ['empty string', { values: { T1: '' } }, 'READING_VALUE_INVALID', 'values.T1', 'bad_input'],
    ['decimal comma', { values: { T1: '250,5' } }, 'READING_VALUE_INVALID', 'values.T1', 'bad_input'],
    ['fractional JSON number', { values: { T1: 250.5 } }, 'READING_VALUE_INVALID', 'values.T1', 'bad_input'],
    ['boolean', { values: { T1: true } }, 'READING_VALUE_INVALID', 'values.T1', 'bad_input'],
    ['null', { values: { T1: null } }, 'READING_VALUE_INVALID', 'values.T1', 'bad_input'],
    ['negative string', { values: { T1: '-1.000' } }, 'READING_VALUE_NEGATIVE', 'values.T1', 'bad_input'],
    ['negative JSON integer', { values: { T1: -5 } }, 'READING_VALUE_NEGATIVE', 'values.T1', 'bad_input'],
    [
      '4 significant decimals',
      { values: { T1: '250.0001' } },
      'READING_VALUE_TOO_PRECISE',
      'values.T1',
      'bad_input',
    ],
    [
      '10^digits on a 5-digit counter',
      { values: { T1: '100000.000' } },
      'READING_VALUE_EXCEEDS_CAPACITY',
      'values.T1',
      'bad_input',
    ],
    [
      'decommissioned meter',
      { meter: { ...METER, status: 'decommissioned' } },
      'METER_DECOMMISSIONED',
      null,
      'rule',
    ],
    ['taken tomorrow', { takenOn: '2025-06-11', t1: [] }, 'READING_DATE_IN_FUTURE', 'takenOn', 'bad_input'],
    [
      'taken the day before installation',
      { takenOn: '2024-01-14', values: { T1: '50.000' } },
      'READING_BEFORE_INSTALLATION',
      'takenOn',
      'rule',
    ],
    [
      'taken the day after the verification expired',
      { meter: { ...METER, nextVerificationOn: '2025-04-09' } },
      'METER_VERIFICATION_EXPIRED',
      'takenOn',
      'rule',
    ],
    [
      'below the previous reading',
      { values: { T1: '159.999' } },
      'READING_BELOW_PREVIOUS',
      'values.T1',
      'rule',
    ],
    [
      'a drop of exactly 10 % of the capacity is no roll-over',
      { t1: nearCapacity, values: { T1: '9990.000' } },
      'READING_BELOW_PREVIOUS',
      'values.T1',
      'rule',
    ],
    [
      'a roll-over the later reading has not passed',
      {
        takenOn: '2025-03-20',
        values: { T1: '5.000' },
        t1: [...nearCapacity, { takenOn: '2025-04-01', value: '99995.000' }],
      },
      'READING_BELOW_PREVIOUS',
      'values.T1',
      'rule',
    ],
    [
      'back-dated above the next reading',
      { takenOn: '2025-02-01', values: { T1: '130.001' } },
      'READING_ABOVE_NEXT',
      'values.T1',
      'rule',
    ],
    [
      'back-dated above a next reading without roll-over',
      {
        takenOn: '2025-03-20',
        values: { T1: '99999.000' },
        t1: [...nearCapacity, { takenOn: '2025-04-01', value: '99995.000' }],
      },
      'READING_ABOVE_NEXT',
      'values.T1',
      'rule',
    ],
    [
      'a different value already stored for the day',
      { takenOn: '2025-03-11', values: { T1: '160.001' } },
      'READING_CONFLICT',
      'values.T1',
      'conflict',
    ],
  ];

  it.each(cases)('%s', (_name, input, code, field, kind) => {
    const result = run(input);
    expect(codeOf(result)).toBe(code);
    expect(fieldOf(result)).toBe(field);
    expect(kindOf(result)).toBe(kind);
  });
});

describe('evaluateReading: accepted readings', () => {
  const accepted = (e: ReadingEvaluation) => {
    if (e.outcome !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(e)}`);
    return e;
  };
  const cases: [
    string,
    Partial<EvaluateReadingParams> & { t1?: HistoryPoint[] },
    string,
    string | null,
    boolean,
  ][] = [
    // [name, input, value, volume, rollover]
    ['a plain reading', {}, '250.000', '90.000', false],
    ['an integer JSON number', { values: { T1: 250 } }, '250.000', '90.000', false],
    [
      'trailing zeros beyond 3 decimals add no precision',
      { values: { T1: '250.1000' } },
      '250.100',
      '90.100',
      false,
    ],
    ['equal to the previous reading', { values: { T1: '160' } }, '160.000', '0.000', false],
    [
      'the largest value of a 5-digit counter',
      { t1: [], values: { T1: '99999.999' } },
      '99999.999',
      null,
      false,
    ],
    ['taken today', { takenOn: '2025-06-10' }, '250.000', '90.000', false],
    [
      'taken on the installation day with no history',
      { takenOn: '2024-01-15', t1: [], values: { T1: '0' } },
      '0.000',
      null,
      false,
    ],
    [
      'taken on the last day of the verification',
      { meter: { ...METER, nextVerificationOn: '2025-04-10' } },
      '250.000',
      '90.000',
      false,
    ],
    [
      'closing reading after the verification expired',
      {
        meter: { ...METER, nextVerificationOn: '2025-04-01' },
        allowExpiredVerification: true,
      },
      '250.000',
      '90.000',
      false,
    ],
    [
      'roll-over past 99999.999',
      { t1: [{ takenOn: '2025-03-11', value: '99990.000' }], values: { T1: '5.000' } },
      '5.000',
      '15.000',
      true,
    ],
    [
      'roll-over just under 10 % of the capacity',
      { t1: [{ takenOn: '2025-03-11', value: '99990.000' }], values: { T1: '9989.999' } },
      '9989.999',
      '9999.999',
      true,
    ],
    [
      'back-dated between two readings',
      { takenOn: '2025-02-01', values: { T1: '130.000' } },
      '130.000',
      '30.000',
      false,
    ],
    [
      'back-dated before a later roll-over',
      {
        takenOn: '2025-02-09',
        values: { T1: '99950.000' },
        t1: [
          { takenOn: '2025-01-10', value: '99900.000' },
          { takenOn: '2025-03-11', value: '50.000' },
        ],
      },
      '99950.000',
      '50.000',
      false,
    ],
  ];

  it.each(cases)('%s', (_name, input, value, volume, rollover) => {
    const [r] = accepted(run(input)).readings;
    expect(r).toMatchObject({ zone: 'T1', value, volume, rollover });
  });

  it.each([
    ['2025-03-25', '2025-03'],
    ['2025-03-26', '2025-04'],
    ['2024-12-26', '2025-01'],
    ['2025-03-01', '2025-03'],
  ])('a reading taken on %s counts for %s (cut-off on the 25th)', (takenOn, period) => {
    expect(run({ takenOn, t1: [], values: { T1: '1' } })).toMatchObject({ outcome: 'accepted', period });
  });

  it('takes the cut-off day from the parameters', () => {
    expect(run({ takenOn: '2025-03-21', cutoffDay: 20, t1: [] })).toMatchObject({ period: '2025-04' });
  });

  it('answers unchanged when the same values are already stored for the day (numerically equal)', () => {
    expect(run({ takenOn: '2025-03-11', values: { T1: '160' } })).toEqual({
      outcome: 'unchanged',
      period: '2025-03',
    });
  });

  it('answers unchanged for a re-submission even after the meter was decommissioned', () => {
    const meter = { ...METER, status: 'decommissioned' as const };
    expect(run({ meter, takenOn: '2025-03-11', values: { T1: '160.000' } })).toMatchObject({
      outcome: 'unchanged',
    });
  });

  it('decides each zone of a 2-zone meter against its own history', () => {
    const result = accepted(
      evaluateReading({
        meter: { ...METER, zones: 2 },
        values: { T1: '250.000', T2: '75.500' },
        takenOn: '2025-04-10',
        today: '2025-06-10',
        history: { T1: STEADY, T2: [{ takenOn: '2025-03-11', value: '70.000' }] },
        suspectFactor: '3',
        cutoffDay: 25,
      }),
    );
    expect(result.readings).toEqual([
      {
        zone: 'T1',
        value: '250.000',
        volume: '90.000',
        rollover: false,
        suspect: false,
        suspectReason: null,
      },
      { zone: 'T2', value: '75.500', volume: '5.500', rollover: false, suspect: false, suspectReason: null },
    ]);
  });
});

describe('evaluateReading: suspect readings', () => {
  const first = (e: ReadingEvaluation) => (e.outcome === 'accepted' ? e.readings[0] : undefined);

  it('flags a daily average above 3 × the 12-month average, with the numbers', () => {
    expect(first(run({ values: { T1: '250.030' } }))).toEqual({
      zone: 'T1',
      value: '250.030',
      volume: '90.030',
      rollover: false,
      suspect: true,
      suspectReason:
        "Average daily consumption 3.001 since 2025-03-11 (90.030 over 30 days) exceeds 3 × the meter's average of " +
        '1.000 per day (60.000 over 60 days, 2025-01-10 – 2025-03-11)',
    });
  });

  it.each<[string, Partial<EvaluateReadingParams> & { t1?: HistoryPoint[] }, boolean]>([
    ['exactly 3 × the average is not suspect', { values: { T1: '250.000' } }, false],
    ['the factor comes from the parameters', { values: { T1: '250.000' }, suspectFactor: '2.5' }, true],
    [
      'one earlier reading is no baseline',
      { t1: [{ takenOn: '2025-03-11', value: '160.000' }], values: { T1: '9000' } },
      false,
    ],
    [
      'earlier readings spanning 27 days are no baseline',
      {
        t1: [
          { takenOn: '2025-02-12', value: '100.000' },
          { takenOn: '2025-03-11', value: '101.000' },
        ],
        values: { T1: '9000' },
      },
      false,
    ],
    [
      'earlier readings spanning 28 days are a baseline',
      {
        t1: [
          { takenOn: '2025-02-11', value: '100.000' },
          { takenOn: '2025-03-11', value: '101.000' },
        ],
        values: { T1: '9000' },
      },
      true,
    ],
    [
      'readings older than 12 months are left out of the baseline',
      {
        t1: [
          { takenOn: '2023-04-10', value: '1000.000' },
          { takenOn: '2024-05-10', value: '1000.000' },
          { takenOn: '2025-03-11', value: '1305.000' },
        ],
        values: { T1: '1395.000' },
      },
      false,
    ],
    [
      'a roll-over inside the baseline counts as consumption',
      {
        meter: { ...METER, digits: 3 },
        t1: [
          { takenOn: '2025-01-10', value: '980.000' },
          { takenOn: '2025-03-11', value: '40.000' },
        ],
        values: { T1: '70.000' },
      },
      false,
    ],
    [
      'a zero baseline flags any consumption',
      {
        t1: [
          { takenOn: '2025-01-10', value: '160.000' },
          { takenOn: '2025-03-11', value: '160.000' },
        ],
        values: { T1: '160.001' },
      },
      true,
    ],
  ])('%s', (_name, input, suspect) => {
    expect(first(run(input))?.suspect).toBe(suspect);
  });
});
