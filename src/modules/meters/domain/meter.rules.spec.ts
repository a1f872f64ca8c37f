import { addDays } from 'src/shared/period';
import {
  checkDecommission,
  checkMeterRegistration,
  checkVerificationUpdate,
  computeNextVerificationOn,
  MeterKind,
  MeterRegistration,
  MeterStatus,
} from './meter.rules';

const TODAY = '2025-06-10';
const INDIVIDUAL: MeterRegistration = {
  kind: MeterKind.Individual,
  serviceCode: 'cold_water',
  premisesId: '7',
  installedOn: '2025-01-15',
  verifiedOn: '2024-12-01',
  verificationIntervalYears: 6,
  today: TODAY,
};
const COMMON: MeterRegistration = {
  ...INDIVIDUAL,
  kind: MeterKind.Common,
  premisesId: null,
  buildingId: '3',
};

describe('computeNextVerificationOn', () => {
  it.each([
    ['2024-12-01', 6, '2030-12-01'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', 1, '2025-02-28'],
  ])('%s + %i years → %s', (verifiedOn, years, expected) => {
    expect(computeNextVerificationOn(verifiedOn, years)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2025-06-10', 30, '2025-07-10'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-06-10', 0, '2025-06-10'],
  ])('%s + %i days → %s', (date, days, expected) => expect(addDays(date, days)).toBe(expected));
});

describe('checkMeterRegistration', () => {
  it.each<[string, MeterRegistration, string, string]>([
    [
      'individual without premises',
      { ...INDIVIDUAL, premisesId: null },
      'METER_PREMISES_REQUIRED',
      'premisesId',
    ],
    ['common with premises', { ...COMMON, premisesId: '7' }, 'METER_PREMISES_NOT_ALLOWED', 'premisesId'],
    ['common without building', { ...COMMON, buildingId: null }, 'METER_BUILDING_REQUIRED', 'buildingId'],
    [
      'sewerage is not metered',
      { ...INDIVIDUAL, serviceCode: 'sewerage' },
      'METER_SERVICE_NOT_METERED',
      'serviceCode',
    ],
    [
      'heating in a flat',
      { ...INDIVIDUAL, serviceCode: 'heating' },
      'METER_SERVICE_NOT_METERED',
      'serviceCode',
    ],
    [
      'installed tomorrow',
      { ...INDIVIDUAL, installedOn: '2025-06-11' },
      'METER_DATE_IN_FUTURE',
      'installedOn',
    ],
    ['verified tomorrow', { ...INDIVIDUAL, verifiedOn: '2025-06-11' }, 'METER_DATE_IN_FUTURE', 'verifiedOn'],
    [
      'verification expired before installation',
      { ...INDIVIDUAL, verifiedOn: '2018-01-14' },
      'METER_VERIFICATION_EXPIRED',
      'verifiedOn',
    ],
  ])('refuses %s', (_name, input, code, field) => {
    const error = checkMeterRegistration(input);
    expect(error?.code).toBe(code);
    expect(error?.fields?.[0].field).toBe(field);
  });

  it.each<[string, MeterRegistration]>([
    ['an individual cold-water meter', INDIVIDUAL],
    ['a common heat meter', { ...COMMON, serviceCode: 'heating' }],
    [
      'installed today, verification valid until the installation day',
      { ...INDIVIDUAL, installedOn: TODAY, verifiedOn: '2019-06-10' },
    ],
  ])('accepts %s', (_name, input) => {
    expect(checkMeterRegistration(input)).toBeUndefined();
  });

  it('puts the prefix on the field of a replacement meter', () => {
    expect(
      checkMeterRegistration({ ...INDIVIDUAL, verifiedOn: '2025-06-11' }, 'newMeter.')?.fields?.[0].field,
    ).toBe('newMeter.verifiedOn');
  });
});

describe('checkDecommission', () => {
  const base: Parameters<typeof checkDecommission>[0] = {
    status: MeterStatus.Active,
    installedOn: '2025-01-15',
    date: '2025-05-01',
    today: TODAY,
    lastReadingOn: '2025-04-20',
  };
  it.each<[string, Partial<typeof base>, string | undefined]>([
    ['an active meter after its last reading', {}, undefined],
    ['on the day of its last reading', { lastReadingOn: '2025-05-01' }, undefined],
    ['on the installation day without readings', { date: '2025-01-15', lastReadingOn: null }, undefined],
    ['an already decommissioned meter', { status: MeterStatus.Decommissioned }, 'METER_DECOMMISSIONED'],
    ['a date in the future', { date: '2025-06-11' }, 'METER_DATE_IN_FUTURE'],
    ['before installation', { date: '2025-01-14', lastReadingOn: null }, 'METER_DATE_BEFORE_INSTALLATION'],
    ['before its last reading', { lastReadingOn: '2025-05-02' }, 'METER_HAS_LATER_READINGS'],
  ])('%s → %s', (_name, o, code) => {
    expect(checkDecommission({ ...base, ...o })?.code).toBe(code);
  });
});

describe('checkVerificationUpdate', () => {
  it.each<[string, MeterStatus, string, string | undefined]>([
    ['verified today', MeterStatus.Active, TODAY, undefined],
    ['verified tomorrow', MeterStatus.Active, '2025-06-11', 'METER_DATE_IN_FUTURE'],
    ['a decommissioned meter', MeterStatus.Decommissioned, TODAY, 'METER_DECOMMISSIONED'],
  ])('%s → %s', (_name, status, verifiedOn, code) => {
    expect(checkVerificationUpdate({ status, verifiedOn, today: TODAY })?.code).toBe(code);
  });
});
