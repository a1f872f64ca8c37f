import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const MEMOIZED = Symbol('abonent.validationMetadataMemoized');

/**
 * class-validator looks up a class's rules on every validation by walking every decorated class of
 * the application (an `instanceof` test each, for inherited rules) — a hot spot of every request
 * with a body, query or path parameters. The rules are fixed once the classes are loaded, so the
 * answer is kept per class and options; registering a rule (a class loaded later) clears what is
 * kept. Installed once per storage; returns the storage.
 */
export function memoizeValidationMetadata(storage: Storage = getMetadataStorage()): Storage {
  const s = storage as Storage & { [MEMOIZED]?: true };
  if (s[MEMOIZED]) return storage;
  s[MEMOIZED] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addValidation = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  const addSchema = storage.addValidationSchema.bind(storage);
  let kept = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  const clear = () => {
    kept = new WeakMap();
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups ? groups.join('\u0001') : '-'}`;
    let byKey = kept.get(target);
    if (!byKey) {
      byKey = new Map();
      kept.set(target, byKey);
    }
    let found = byKey.get(key);
    if (!found) {
      found = lookup(target, schema, always, strictGroups, groups);
      byKey.set(key, found);
    }
    return found;
  };
  storage.addValidationMetadata = (m) => {
    clear();
    addValidation(m);
  };
  storage.addConstraintMetadata = (m) => {
    clear();
    addConstraint(m);
  };
  storage.addValidationSchema = (schema) => {
    clear();
    addSchema(schema);
  };
  return storage;
}
