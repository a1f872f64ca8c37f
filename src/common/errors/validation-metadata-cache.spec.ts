import { getMetadataStorage, IsInt, IsString, Min, registerDecorator, validateSync } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: string;
}
class Child extends Base {
  @IsInt()
  @Min(1)
  count!: number;
}

describe('memoizeValidationMetadata', () => {
  const storage = memoizeValidationMetadata();

  it('is installed once and keeps the rules of a class, inherited ones included, per options', () => {
    expect(memoizeValidationMetadata(storage)).toBe(storage);
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(first.map((m) => `${m.propertyName}:${m.name ?? m.type}`).sort()).toEqual([
      'count:isInt',
      'count:min',
      'name:isString',
    ]);
    // The same array again: the walk over every decorated class is not repeated.
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false, ['g'])).not.toBe(first);
    expect(storage.getTargetValidationMetadatas(Base, '', false, false)).toHaveLength(1);
  });

  it('forgets what it kept when a rule is registered later, so the new rule applies', () => {
    class Late {
      value!: string;
    }
    expect(
      validateSync(Object.assign(new Late(), { value: 'x' }), { forbidUnknownValues: false }),
    ).toHaveLength(0);
    registerDecorator({
      name: 'isLong',
      target: Late,
      propertyName: 'value',
      validator: { validate: (v: unknown) => typeof v === 'string' && v.length > 3 },
    });
    expect(validateSync(Object.assign(new Late(), { value: 'x' })).map((e) => e.property)).toEqual(['value']);
    expect(validateSync(Object.assign(new Child(), { name: 'a', count: 0 })).map((e) => e.property)).toEqual([
      'count',
    ]);
  });

  it('is the storage class-validator itself uses', () => {
    expect(getMetadataStorage()).toBe(storage);
  });
});
