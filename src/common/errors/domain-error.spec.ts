import { DomainErrorKind, errorFactory } from './domain-error';

enum Code {
  Missing = 'THING_NOT_FOUND',
  Taken = 'THING_TAKEN',
  Bad = 'THING_BAD',
  Late = 'THING_LATE',
}
const sut = errorFactory<Code>({
  [Code.Missing]: 'not_found',
  [Code.Taken]: 'conflict',
  [Code.Bad]: 'bad_input',
});

describe('errorFactory', () => {
  it.each<[string, Code, DomainErrorKind]>([
    ['a mapped not_found code', Code.Missing, 'not_found'],
    ['a mapped conflict code', Code.Taken, 'conflict'],
    ['a mapped bad_input code', Code.Bad, 'bad_input'],
    ['an unmapped code: a rule violation', Code.Late, 'rule'],
  ])('%s', (_name, code, kind) => {
    const e = sut(code, 'message', { id: '7' });
    expect([e.kind, e.code, e.message, e.details, e.fields]).toEqual([
      kind,
      code,
      'message',
      { id: '7' },
      undefined,
    ]);
  });

  it('names the field at fault', () => {
    expect(sut(Code.Bad, 'too long', undefined, 'name').fields).toEqual([
      { field: 'name', errors: ['too long'] },
    ]);
  });

  it('takes another fallback kind', () => {
    expect(errorFactory<Code>({}, 'bad_input')(Code.Late, 'x').kind).toBe('bad_input');
  });
});
