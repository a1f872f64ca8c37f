import { etagMatches, weakEtag } from './etag';

describe('ETags', () => {
  const tag = weakEtag(['2026-03', 500, null, [{ accountId: '1' }]]);

  it('is weak and stable for the same content', () => {
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect(weakEtag(['2026-03', 500, null, [{ accountId: '1' }]])).toBe(tag);
    expect(weakEtag(['2026-03', 500, null, [{ accountId: '2' }]])).not.toBe(tag);
  });

  it.each([
    ['no header', undefined, false],
    ['the same tag', tag, true],
    ['the tag without W/', tag.slice(2), true],
    ['in a list', `"x", ${tag}`, true],
    ['a star', '*', true],
    ['another tag', 'W/"other"', false],
  ])('If-None-Match with %s', (_n, header, expected) => {
    expect(etagMatches(header, tag)).toBe(expected);
  });
});
