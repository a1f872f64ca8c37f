import { buildCsv, csvField } from './csv';

describe('csv', () => {
  it.each<[string | number | null, string]>([
    ['plain', 'plain'],
    ['1234.50', '1234.50'],
    [null, ''],
    [7, '7'],
    ['a;b', '"a;b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('%p → %p', (value, expected) => expect(csvField(value)).toBe(expected));

  it('writes a BOM, ";" separators and CRLF line ends', () => {
    expect(
      buildCsv([
        ['a', 'b'],
        ['1.50', null],
      ]),
    ).toBe('\uFEFFa;b\r\n1.50;\r\n');
  });
});
