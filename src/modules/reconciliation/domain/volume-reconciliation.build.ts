import { canonical, dec, Dec, sum, ZERO } from 'src/shared/money';

/** Volumes of one building and service in a period, as read from the charge lines. */
export interface VolumeSource {
  buildingId: string;
  address: string;
  serviceCode: string;
  unit: string;
  supplierId: string | null;
  supplierName: string | null;
  /** Common-building meter volume (basis.houseVolume of the ОДН lines); null when billed by norm (formula 15). */
  houseVolume: string | null;
  metered: string;
  average: string;
  norm: string;
  /** Individual volume by any other method (area, derived). */
  other: string;
  commonProperty: string;
}

export interface VolumeRow extends VolumeSource {
  /** metered + average + norm + other. */
  individual: string;
  /** houseVolume − individual − commonProperty; null without a house meter volume. */
  discrepancy: string | null;
}

export interface SupplierTotals {
  supplierId: string | null;
  supplierName: string | null;
  serviceCode: string;
  unit: string;
  houseVolume: string;
  individual: string;
  metered: string;
  average: string;
  norm: string;
  other: string;
  commonProperty: string;
  discrepancy: string;
}

const add = (values: (string | null)[]): Dec => sum(values.filter((v): v is string => v !== null).map(dec));

/**
 * Reconciliation of volumes with a supplier (РСО): per building and service the house meter volume
 * against the individual volumes by method and the common-property volume; totals per supplier and
 * service (a total's discrepancy covers only buildings with a house meter volume).
 */
export function buildVolumeReconciliation(sources: VolumeSource[]): {
  rows: VolumeRow[];
  totals: SupplierTotals[];
} {
  const rows: VolumeRow[] = sources.map((s) => {
    const individual = add([s.metered, s.average, s.norm, s.other]);
    const discrepancy =
      s.houseVolume === null
        ? null
        : canonical(dec(s.houseVolume).minus(individual).minus(dec(s.commonProperty)));
    return { ...s, individual: canonical(individual), discrepancy };
  });
  const groups = new Map<string, VolumeRow[]>();
  for (const r of rows) {
    const key = `${r.supplierId ?? ''}|${r.serviceCode}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const totals = [...groups.values()].map((g): SupplierTotals => {
    const total = (f: 'individual' | 'metered' | 'average' | 'norm' | 'other' | 'commonProperty') =>
      canonical(add(g.map((r) => r[f])));
    return {
      supplierId: g[0].supplierId,
      supplierName: g[0].supplierName,
      serviceCode: g[0].serviceCode,
      unit: g[0].unit,
      houseVolume: canonical(add(g.map((r) => r.houseVolume))),
      individual: total('individual'),
      metered: total('metered'),
      average: total('average'),
      norm: total('norm'),
      other: total('other'),
      commonProperty: total('commonProperty'),
      discrepancy: canonical(
        g.reduce((acc, r) => (r.discrepancy === null ? acc : acc.plus(dec(r.discrepancy))), ZERO),
      ),
    };
  });
  return { rows, totals };
}
