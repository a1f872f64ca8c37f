import { forOneKey } from './prepared';

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
