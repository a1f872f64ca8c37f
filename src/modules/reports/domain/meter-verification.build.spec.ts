import {
  daysLeft,
  summariseByBuilding,
  VerificationStatus,
  verificationStatus,
} from './meter-verification.build';

describe('meter verification', () => {
  it.each([
    ['the day before the date', '2025-04-14', '2025-04-15', VerificationStatus.Due, 1],
    ['on the date', '2025-04-15', '2025-04-15', VerificationStatus.Due, 0],
    ['the day after', '2025-04-16', '2025-04-15', VerificationStatus.Overdue, -1],
    ['across a leap February', '2024-02-28', '2024-03-01', VerificationStatus.Due, 2],
  ])('%s', (_name, asOf, next, status, days) => {
    expect(verificationStatus(next, asOf)).toBe(status);
    expect(daysLeft(next, asOf)).toBe(days);
  });

  it('counts per building in first-seen order', () => {
    expect(
      summariseByBuilding([
        { buildingId: '2', address: 'B2', status: VerificationStatus.Due },
        { buildingId: '1', address: 'B1', status: VerificationStatus.Overdue },
        { buildingId: '2', address: 'B2', status: VerificationStatus.Overdue },
        { buildingId: '2', address: 'B2', status: VerificationStatus.Due },
      ]),
    ).toEqual([
      { buildingId: '2', address: 'B2', overdue: 1, due: 2 },
      { buildingId: '1', address: 'B1', overdue: 1, due: 0 },
    ]);
  });
});
