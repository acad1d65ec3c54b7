// RFC 8785 JSON Canonicalization Scheme (JCS), for the value types an audit
// record holds: strings, safe integers, booleans, null, arrays and plain
// objects. Anything else (fractions, NaN, bigint, undefined, lone
// surrogates, class instances) is refused rather than silently coerced:
// money is integer minor units, and a hash over a lossy serialization would
// prove nothing. Pure: no node: modules, so the player page can use it too.

/** Deep enough for any record; a hostile file cannot blow the stack. */
export const MAX_CANONICAL_DEPTH = 64;

export class CanonicalJsonError extends Error {
  /** Where in the value the problem is, e.g. `bets[2].amountMinor`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path || '(root)'}: ${message}`);
    this.path = path;
  }
}

export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  write(value, [], parts);
  return parts.join('');
}

/**
 * Where the writer is, as a stack of keys and indexes. Turned into text only
 * for an error message: records of big rounds have hundreds of thousands of
 * members, and building a path string for each would dominate the work.
 */
type PathStack = (string | number)[];

function pathText(path: PathStack): string {
  let text = '';
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : text ? `.${step}` : step;
  return text;
}

function write(value: unknown, path: PathStack, out: string[]): void {
  if (path.length > MAX_CANONICAL_DEPTH) throw new CanonicalJsonError(pathText(path), `nested deeper than ${MAX_CANONICAL_DEPTH}`);
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      // RFC 8785 serializes numbers like ECMAScript; for safe integers that is
      // plain decimal digits (and -0 becomes 0). Wider numbers lose precision
      // in IEEE 754, fractions have no place in money: both are refused.
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(pathText(path), `${String(value)} is not a safe integer`);
      out.push(String(value));
      return;
    case 'string':
      out.push(quote(value, path));
      return;
    case 'object':
      if (Array.isArray(value)) {
        out.push('[');
        for (let index = 0; index < value.length; index++) {
          if (index > 0) out.push(',');
          path.push(index);
          write(value[index], path, out);
          path.pop();
        }
        out.push(']');
        return;
      }
      writeObject(value, path, out);
      return;
    default:
      throw new CanonicalJsonError(pathText(path), `a ${typeof value} has no JSON form`);
  }
}

function writeObject(value: object, path: PathStack, out: string[]): void {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new CanonicalJsonError(pathText(path), 'only plain objects have a JSON form');
  // Default sort compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
  const keys = Object.keys(value).sort();
  out.push('{');
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const member = (value as Record<string, unknown>)[key];
    path.push(key);
    if (member === undefined) throw new CanonicalJsonError(pathText(path), 'undefined has no JSON form');
    if (index > 0) out.push(',');
    out.push(quote(key, path), ':');
    write(member, path, out);
    path.pop();
  }
  out.push('}');
}

const shortEscapes: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const needsCare = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** RFC 8785 §3.2.2.2: escape only '"', '\\' and U+0000..U+001F (short forms where JSON has them); everything else as is. */
function quote(text: string, path: PathStack): string {
  // Fast path: most strings (ids, hex, spot names) need no escaping at all.
  if (!needsCare.test(text)) return `"${text}"`;
  let result = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      // I-JSON (RFC 7493), which JCS requires, forbids unpaired surrogates.
      const next = text.charCodeAt(i + 1);
      if (unit >= 0xdc00 || !(next >= 0xdc00 && next <= 0xdfff)) {
        throw new CanonicalJsonError(pathText(path), `string holds an unpaired UTF-16 surrogate at index ${i}`);
      }
      i++;
      continue;
    }
    if (unit >= 0x20 && unit !== 0x22 && unit !== 0x5c) continue;
    result += text.slice(runStart, i) + (shortEscapes[unit] ?? `\\u${unit.toString(16).padStart(4, '0')}`);
    runStart = i + 1;
  }
  return `${result}${text.slice(runStart)}"`;
}
