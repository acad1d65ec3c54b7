// A tiny structural validator that names the first offending path
// (`bets[1].transfers[0].amountMinor`), so a verifier can point an auditor at
// the exact field. Exact shapes: a missing or an extra member is an error.

export type Shape =
  | { type: 'string'; pattern?: RegExp; maxLength?: number }
  | { type: 'integer'; min?: number }
  | { type: 'const'; value: string }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'nullable'; of: Shape }
  /** A member an object may leave out (a pf2 round's `pf2`); where present it must fit. */
  | { type: 'optional'; of: Shape }
  | { type: 'array'; of: Shape; maxItems?: number }
  | { type: 'object'; members: Readonly<Record<string, Shape>> }
  /** Any JSON object; its content is checked elsewhere (e.g. a game outcome, recomputed under pf1). */
  | { type: 'anyObject' };

export type ShapeError = { path: string; message: string };

export const text = (pattern?: RegExp, maxLength = 4096): Shape => ({ type: 'string', maxLength, ...(pattern ? { pattern } : {}) });
export const integer = (min?: number): Shape => ({ type: 'integer', ...(min === undefined ? {} : { min }) });
export const nullable = (of: Shape): Shape => ({ type: 'nullable', of });
export const optional = (of: Shape): Shape => ({ type: 'optional', of });
export const arrayOf = (of: Shape, maxItems = 1_000_000): Shape => ({ type: 'array', of, maxItems });
export const object = (members: Record<string, Shape>): Shape => ({ type: 'object', members });
export const oneOf = (values: readonly string[]): Shape => ({ type: 'enum', values });
export const constant = (value: string): Shape => ({ type: 'const', value });

export const hex64 = text(/^[0-9a-f]{64}$/, 64);

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The first mismatch between value and shape, or null when it fits. */
export function checkShape(value: unknown, shape: Shape, path = ''): ShapeError | null {
  const fail = (message: string): ShapeError => ({ path, message: `${message}, found ${describe(value)}` });
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return fail('expected a string');
      if (shape.maxLength !== undefined && value.length > shape.maxLength) return fail(`longer than ${shape.maxLength}`);
      if (shape.pattern && !shape.pattern.test(value)) return fail(`does not match ${String(shape.pattern)}`);
      return null;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail('expected a safe integer');
      if (shape.min !== undefined && value < shape.min) return fail(`expected at least ${shape.min}`);
      return null;
    case 'const':
      return value === shape.value ? null : fail(`expected ${JSON.stringify(shape.value)}`);
    case 'enum':
      return typeof value === 'string' && shape.values.includes(value) ? null : fail(`expected one of ${shape.values.join(', ')}`);
    case 'nullable':
      return value === null ? null : checkShape(value, shape.of, path);
    case 'optional':
      return checkShape(value, shape.of, path);
    case 'array': {
      if (!Array.isArray(value)) return fail('expected an array');
      if (shape.maxItems !== undefined && value.length > shape.maxItems) return fail(`more than ${shape.maxItems} items`);
      for (let index = 0; index < value.length; index++) {
        const error = checkShape(value[index], shape.of, `${path}[${index}]`);
        if (error) return error;
      }
      return null;
    }
    case 'anyObject':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : fail('expected an object');
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected an object');
      const record = value as Record<string, unknown>;
      for (const [key, member] of Object.entries(shape.members)) {
        if (!Object.hasOwn(record, key)) {
          if (member.type === 'optional') continue;
          return { path: join(path, key), message: 'missing' };
        }
        const error = checkShape(record[key], member, join(path, key));
        if (error) return error;
      }
      for (const key of Object.keys(record)) {
        if (!Object.hasOwn(shape.members, key)) return { path: join(path, key), message: 'not a member of this format' };
      }
      return null;
    }
  }
}
