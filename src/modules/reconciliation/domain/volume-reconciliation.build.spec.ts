import { buildVolumeReconciliation, VolumeSource } from './volume-reconciliation.build';

const row = (o: Partial<VolumeSource>): VolumeSource => ({
  buildingId: '1',
  address: 'ул. Тестовая, 1',
  serviceCode: 'cold_water',
  unit: 'm3',
  supplierId: '9',
  supplierName: 'Водоканал',
  houseVolume: '100',
  metered: '60.5',
  average: '10',
  norm: '20.25',
  other: '0',
  commonProperty: '5',
  ...o,
});

describe('buildVolumeReconciliation', () => {
  it('discrepancy = house − individual − common property, per building', () => {
    const { rows } = buildVolumeReconciliation([row({})]);
    expect(rows[0]).toMatchObject({ individual: '90.75', discrepancy: '4.25' });
  });

  it('no house meter volume: no discrepancy; totals per supplier and service', () => {
    const { rows, totals } = buildVolumeReconciliation([
      row({}),
      row({
        buildingId: '2',
        houseVolume: null,
        metered: '1.5',
        average: '0',
        norm: '0',
        commonProperty: '0.5',
      }),
      row({
        serviceCode: 'hot_water',
        supplierId: '10',
        supplierName: 'ТЭЦ',
        houseVolume: '10',
        metered: '9',
        average: '0',
        norm: '0',
        commonProperty: '2',
      }),
    ]);
    expect(rows[1].discrepancy).toBeNull();
    expect(totals).toEqual([
      {
        supplierId: '9',
        supplierName: 'Водоканал',
        serviceCode: 'cold_water',
        unit: 'm3',
        houseVolume: '100',
        individual: '92.25',
        metered: '62',
        average: '10',
        norm: '20.25',
        other: '0',
        commonProperty: '5.5',
        discrepancy: '4.25',
      },
      expect.objectContaining({ supplierId: '10', serviceCode: 'hot_water', discrepancy: '-1' }),
    ]);
  });
});
