import { decodeCursor, encodeCursor, ExportCursor, InvalidCursor, isSnapshot } from './export-cursor';

describe('export cursors', () => {
  it.each<[string, ExportCursor]>([
    ['full page', { v: 1, m: 'full', p: '2026-03', s: '750:760:751,755', k: ['42', 'cold_water'] }],
    [
      'changes page',
      { v: 1, m: 'changes', p: '2026-03', from: '750:750:', to: '800:801:800', k: ['7', 'gas'] },
    ],
    ['since token', { v: 1, m: 'since', p: '2026-03', s: '800:801:800' }],
  ])('round-trips a %s as base64url', (_n, c) => {
    const text = encodeCursor(c);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(c);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['wrong version', encodeCursor({ v: 2, m: 'since', p: '2026-03', s: '1:1:' } as unknown as ExportCursor)],
    ['bad period', encodeCursor({ v: 1, m: 'since', p: '2026-13', s: '1:1:' })],
    ['SQL in a snapshot', encodeCursor({ v: 1, m: 'since', p: '2026-03', s: "1:1:'; DROP" })],
    ['bad key', encodeCursor({ v: 1, m: 'full', p: '2026-03', s: '1:1:', k: ['0', 'x'] })],
    ['unknown mode', Buffer.from('{"v":1,"m":"all","p":"2026-03"}').toString('base64url')],
  ])('refuses %s', (_n, text) => {
    expect(() => decodeCursor(text)).toThrow(InvalidCursor);
  });

  it.each([
    ['empty in-progress list', '10:12:', true],
    ['in-progress ids', '10:15:10,14', true],
    ['xmin above xmax', '12:10:', false],
    ['in-progress id outside the range', '10:15:15', false],
    ['zero xmin', '0:1:', false],
  ])('snapshot with %s', (_n, s, ok) => {
    expect(isSnapshot(s)).toBe(ok);
  });
});
