// Where two JSON values first differ, as a path suffix: "" (the values
// themselves), ".pocket", "[1].amountMinor". Lets checks name the leaf an
// auditor should look at instead of a whole object; and the one structural
// equality of JSON values (key order aside) that every verifier uses.

export function firstJsonDifference(a: unknown, b: unknown): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return '';
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      if (i >= a.length || i >= b.length) return `[${i}]`;
      const inner = firstJsonDifference(a[i], b[i]);
      if (inner !== null) return `[${i}]${inner}`;
    }
    return null;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  for (const key of keys) {
    if (!Object.hasOwn(left, key) || !Object.hasOwn(right, key)) return `.${key}`;
    const inner = firstJsonDifference(left[key], right[key]);
    if (inner !== null) return `.${key}${inner}`;
  }
  return null;
}

/** Equal as JSON values, whatever the order of object keys. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return firstJsonDifference(a, b) === null;
}
