import { buildConsumptionRow, ConsumptionSqlRow, trimDecimal } from './consumption-row.build';

const sql = (o: Partial<ConsumptionSqlRow> = {}): ConsumptionSqlRow => ({
  period: '2026-03',
  account_id: '11',
  account_number: 'A-1',
  building_id: '2',
  premises_id: '5',
  premises_number: '1',
  holder_name: null,
  address: null,
  service_code: 'cold_water',
  lines: 2,
  unit: 'm3',
  method: 'metered',
  residents: 2,
  area: '54.30',
  volume: '5.110',
  volume_t1: null,
  volume_t2: null,
  volume_t3: null,
  tariffs: ['52.230000', '52.230000'],
  amount: '266.90',
  readings: null,
  ...o,
});

describe('buildConsumptionRow', () => {
  it('joins the distinct tariffs of zones and parts, in order', () => {
    expect(buildConsumptionRow(sql()).tariff).toBe('52.230000');
    expect(buildConsumptionRow(sql({ tariffs: ['7.120000', '2.840000', '7.120000'] })).tariff).toBe(
      '7.120000/2.840000',
    );
  });

  it('flattens the billing steps of every zone into previous and current readings', () => {
    const step = (zone: string, from: string, to: string) => ({
      meterId: '9',
      serialNumber: 'SN-9',
      zone,
      from: { value: from, takenOn: '2026-02-20' },
      to: { value: to, takenOn: '2026-03-20' },
      volume: '1',
    });
    const r = buildConsumptionRow(
      sql({
        readings: [[step('T1', '1000', '1120.5')], [step('T2', '500', '560.25')]],
        channels: {
          '9|T1|2026-03-20': 'subscriber',
          '9|T2|2026-03-20': 'file_import',
          '9|T2|2026-02-20': 'specialist',
        },
      }),
    );
    expect(r.readings).toEqual([
      {
        meter: 'SN-9',
        zone: 'T1',
        previous: '1000',
        previousOn: '2026-02-20',
        current: '1120.5',
        currentOn: '2026-03-20',
        currentChannel: 'subscriber',
        previousChannel: null,
      },
      {
        meter: 'SN-9',
        zone: 'T2',
        previous: '500',
        previousOn: '2026-02-20',
        current: '560.25',
        currentOn: '2026-03-20',
        currentChannel: 'file_import',
        previousChannel: 'specialist',
      },
    ]);
  });

  it.each([
    ['105.110000', '105.11'],
    ['100.000000', '100'],
    ['2150', '2150'],
    ['0.000100', '0.0001'],
  ])('drops the storage scale of a reading: %s → %s', (stored, shown) => {
    expect(trimDecimal(stored)).toBe(shown);
  });

  it('shows no previous reading when the period has the only one', () => {
    const only = {
      serialNumber: 'SN-1',
      zone: 'T1',
      from: { value: '5', takenOn: '2026-03-02' },
      to: { value: '5', takenOn: '2026-03-02' },
    };
    expect(buildConsumptionRow(sql({ readings: [[only]] })).readings).toEqual([
      {
        meter: 'SN-1',
        zone: 'T1',
        previous: null,
        previousOn: null,
        current: '5',
        currentOn: '2026-03-02',
        currentChannel: null,
        previousChannel: null,
      },
    ]);
  });

  it('keeps the recalculation deltas of the period with the storage scale of volumes trimmed', () => {
    const r = buildConsumptionRow(
      sql({
        recalculated: '-74.76',
        recalculations: [
          {
            number: 'ПР-00000001',
            kind: 'absence',
            reason: 'отсутствие',
            postingPeriod: '2026-04',
            zone: null,
            volumeDelta: '-10.500000',
            amountDelta: '-74.76',
          },
        ],
      }),
    );
    expect(r.recalculated).toBe('-74.76');
    expect(r.recalculations).toEqual([
      {
        number: 'ПР-00000001',
        kind: 'absence',
        reason: 'отсутствие',
        postingPeriod: '2026-04',
        zone: null,
        volumeDelta: '-10.5',
        amountDelta: '-74.76',
      },
    ]);
    expect(buildConsumptionRow(sql())).toMatchObject({ recalculated: null, recalculations: [] });
  });

  it('marks a key without lines as a tombstone', () => {
    const r = buildConsumptionRow(
      sql({ lines: 0, unit: null, method: null, volume: null, tariffs: null, amount: null }),
    );
    expect(r).toMatchObject({ deleted: true, tariff: null, amount: null, readings: [] });
  });
});
