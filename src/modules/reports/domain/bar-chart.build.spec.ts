import { dec } from 'src/shared/money';
import { allElements, parseXml, svgTexts } from '../../../../test/utils/xml';
import { barLength, buildBarChartSvg, escapeXml } from './bar-chart.build';

describe('buildBarChartSvg', () => {
  const svg = buildBarChartSvg({
    title: 'Collection rate 2025-01 … 2025-02',
    subtitle: 'paid ÷ (charged + recalculated), payments to 2025-03-31',
    bars: [
      { label: '2025-01 · ул. Тестовая, д. 1 <корп. "А"> & Co', value: '84.65', valueLabel: '84.65 %' },
      { label: '2025-02', value: '35.77', valueLabel: '35.77 %' },
      { label: '2025-03', value: '0.00', valueLabel: '0.00 %' },
    ],
    scaleMax: '100',
  });

  it('is a well-formed SVG document', () => {
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
  });

  it('prints the title, every label and every figure as text (escaped labels decoded back)', () => {
    expect(svgTexts(svg)).toEqual([
      'Collection rate 2025-01 … 2025-02',
      'paid ÷ (charged + recalculated), payments to 2025-03-31',
      '2025-01 · ул. Тестовая, д. 1 <корп. "А"> & Co',
      '84.65 %',
      '2025-02',
      '35.77 %',
      '2025-03',
      '0.00 %',
    ]);
  });

  it('draws bars in proportion to the scale (area 360 px), black on white', () => {
    const bars = allElements(parseXml(svg)).filter(
      (e) => e.name === 'rect' && e.attributes.fill === 'url(#hatch)',
    );
    expect(bars.map((b) => b.attributes.width)).toEqual(['305', '129', '0']);
    expect(bars.every((b) => b.attributes.stroke === '#000000')).toBe(true);
    expect(svg).not.toMatch(/#(?!000000|ffffff|hatch)[0-9a-fA-F]{6}/);
  });

  it('an empty chart says so', () => {
    expect(svgTexts(buildBarChartSvg({ title: 'Debt ageing', bars: [] }))).toEqual([
      'Debt ageing',
      'no data',
    ]);
  });
});

describe('barLength', () => {
  it.each([
    ['half', '50', '100', 180],
    ['full', '100', '100', 360],
    ['above the scale is clipped', '150', '100', 360],
    ['negative is zero', '-5', '100', 0],
    ['zero scale is zero', '5', '0', 0],
    ['half-up pixel', '0.125', '100', 0],
    ['0.139 % → 0.5004 px → 1', '0.139', '100', 1],
  ])('%s', (_n, v, max, px) => expect(barLength(dec(v), dec(max))).toBe(px));
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
