import QRCode from 'qrcode';
import { getPenaltyN1, getPenaltyN2, getPenaltyN3, getPenaltyN4 } from 'qrcode/lib/core/mask-pattern';
import { qrMaskPenalties, qrModules } from './qr-image';

/** Deterministic pseudo-random numbers (mulberry32), so a failure names its payload. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯabcdefxyz0123456789 .,-«»№';

function payloads(n: number): string[] {
  const next = random(20260329);
  const word = (len: number) =>
    Array.from({ length: len }, () => LETTERS[Math.floor(next() * LETTERS.length)]).join('');
  const digits = (len: number) => Array.from({ length: len }, () => Math.floor(next() * 10)).join('');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) {
      // Short texts: small versions (below 7 there is no version information block).
      out.push(word(1 + Math.floor(next() * 60)));
      continue;
    }
    out.push(
      `ST00012|Name=${word(5 + Math.floor(next() * 40))}|PersonalAcc=${digits(20)}|BankName=${word(8)}` +
        `|BIC=${digits(9)}|CorrespAcc=${digits(20)}|PayeeINN=${digits(10)}|KPP=${digits(9)}` +
        `|Sum=${digits(1 + Math.floor(next() * 7))}|PersAcc=${digits(7)}|PaymPeriod=032026` +
        `|Purpose=ЖКУ за 03.2026, ЕПД № 2026-${digits(6)}, л/с ${digits(7)}|LastName=${word(4 + Math.floor(next() * 12))}` +
        `|PayerAddress=${word(10 + Math.floor(next() * 90))}|TechCode=02`,
    );
  }
  return out;
}

describe('qrModules', () => {
  it('gives exactly the modules and mask of QRCode.create (the standard mask selection), on 400 payloads', () => {
    const masks = new Set<number>();
    const versions = new Set<number>();
    for (const payload of payloads(400)) {
      const expected = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], {
        errorCorrectionLevel: 'M',
      });
      const actual = qrModules(payload);
      expect({ payload, size: actual.size, mask: actual.maskPattern }).toEqual({
        payload,
        size: expected.modules.size,
        mask: expected.maskPattern,
      });
      expect(Buffer.from(actual.data).equals(Buffer.from(expected.modules.data))).toBe(true);
      masks.add(actual.maskPattern);
      versions.add(expected.version);
    }
    // The comparison is meaningful: every mask is chosen somewhere, over small and large versions.
    expect([...masks].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Math.min(...versions)).toBeLessThan(7);
    expect(Math.max(...versions)).toBeGreaterThanOrEqual(16);
  });
});

describe('qrMaskPenalties', () => {
  it("equals the library's N1 + N2 + N3 + N4 for every mask, on 120 payloads", () => {
    for (const payload of payloads(120)) {
      const expected = ([0, 1, 2, 3, 4, 5, 6, 7] as const).map((p) => {
        const m = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], {
          errorCorrectionLevel: 'M',
          maskPattern: p,
        }).modules;
        return getPenaltyN1(m) + getPenaltyN2(m) + getPenaltyN3(m) + getPenaltyN4(m);
      });
      expect({ payload, penalties: qrMaskPenalties(payload) }).toEqual({ payload, penalties: expected });
    }
  });
});
