import { byKeys, forOneKey } from './prepared';

describe('forOneKey', () => {
  it('turns every key-set test on $1 into a scalar key, the rest unchanged', () => {
    const many = `SELECT a FROM t WHERE id = ANY($1::bigint[]) AND d >= $2
      UNION ALL SELECT b FROM u WHERE t_id = ANY($1::bigint[])`;
    expect(forOneKey(many)).toBe(`SELECT a FROM t WHERE id = $1::bigint AND d >= $2
      UNION ALL SELECT b FROM u WHERE t_id = $1::bigint`);
  });

  it('gives the same text on every call (one statement name per text)', () => {
    const many = `SELECT 1 FROM t WHERE id = ANY($1::bigint[])`;
    expect(forOneKey(many)).toBe(forOneKey(many));
  });

  it('refuses a text without a key set on $1, or with $1 used another way', () => {
    expect(() => forOneKey(`SELECT 1 FROM t WHERE id = $1`)).toThrow(/forOneKey/);
    expect(() => forOneKey(`SELECT 1 FROM t WHERE id = ANY($1::bigint[]) OR $1::bigint[] = '{}'`)).toThrow(
      /forOneKey/,
    );
  });
});

describe('byKeys', () => {
  const many = `SELECT 1 FROM t WHERE id = ANY($1::bigint[])`;

  it('gives one key as a scalar with the one-key text', () => {
    expect(byKeys(many, ['7'])).toEqual({ text: `SELECT 1 FROM t WHERE id = $1::bigint`, key: '7' });
  });

  it('gives several keys (or none) as the array with the text unchanged', () => {
    expect(byKeys(many, ['7', '8'])).toEqual({ text: many, key: ['7', '8'] });
    expect(byKeys(many, [])).toEqual({ text: many, key: [] });
  });
});
