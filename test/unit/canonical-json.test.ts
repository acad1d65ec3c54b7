// RFC 8785 (JCS) for the value types audit records hold: the RFC's own
// examples, its rules for key order (UTF-16 code units) and string escaping,
// and the refusals that keep money exact.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize, CanonicalJsonError, MAX_CANONICAL_DEPTH } from '../../src/shared/audit/canonical-json.ts';

describe('canonicalize (RFC 8785)', () => {
  it('orders keys by UTF-16 code units, as the RFC 8785 §3.2.3 example does', () => {
    // The RFC's sorting example: U+1F600 (a surrogate pair, 0xD83D…) sorts
    // before U+FB33 by code units, although after it by code points.
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",' +
        '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    ) as Record<string, string>;
    const text = canonicalize(input);
    // Positions in the text (Object.keys would list "1" first: JS puts integer-like keys ahead).
    const sorted = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((key) => text.indexOf(`${JSON.stringify(key)}:`));
    expect(sorted.every((position, index) => position > (sorted[index - 1] ?? -1))).toBe(true);
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign",' +
        '"😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serializes strings and literals like the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse('{"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}') as object;
    expect(canonicalize(input)).toBe('{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('refuses the fractional and huge numbers of that example: money is integers', () => {
    for (const number of [333333333.3333333, 1e30, 4.5, 2e-3, 1e-27]) {
      expect(() => canonicalize({ numbers: [number] })).toThrow(CanonicalJsonError);
    }
  });

  it('writes safe integers as plain decimals, -0 as 0, and refuses anything past 2^53', () => {
    expect(canonicalize([0, -0, 1, -1, 100, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])).toBe(
      '[0,0,1,-1,100,9007199254740991,-9007199254740991]',
    );
    for (const bad of [Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 0.1]) {
      expect(() => canonicalize(bad)).toThrow(/not a safe integer/);
    }
  });

  it('escapes exactly U+0000..U+001F, quote and backslash, with the short forms JSON has', () => {
    const expected: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
    for (let unit = 0; unit < 0x20; unit++) {
      const escape = expected[unit] ?? `\\u${unit.toString(16).padStart(4, '0')}`;
      expect(canonicalize(String.fromCharCode(unit))).toBe(`"${escape}"`);
    }
    expect(canonicalize('"')).toBe('"\\""');
    expect(canonicalize('\\')).toBe('"\\\\"');
    // Not escaped: '/', DEL, U+2028/2029, non-ASCII, astral characters.
    expect(canonicalize('/\u007f\u2028\u2029é😀')).toBe('"/\u007f\u2028\u2029é😀"');
  });

  it('agrees with JSON.stringify on every well-formed string (ES2019+ is RFC 8785 for strings)', () => {
    const pool = ['a', 'Z', '0', ' ', '"', '\\', '/', '\u0000', '\u001f', '\u007f', '\u0080', 'é', '\u2028', '€', '\ufb33', '\ud83d\ude00', '\uffff'];
    const bytes = randomBytes(2_000 * 12);
    for (let sample = 0; sample < 2_000; sample++) {
      let text = '';
      for (let k = 0; k < 12; k++) text += pool[(bytes[sample * 12 + k] as number) % pool.length];
      expect(canonicalize(text)).toBe(JSON.stringify(text));
      expect(JSON.parse(canonicalize({ [text]: text })) as object).toEqual({ [text]: text });
    }
  });

  it('refuses unpaired surrogates (I-JSON)', () => {
    for (const bad of ['\ud800', 'a\udc00', '\ud83d', '\ude00\ud83d', 'x\ud800y']) {
      expect(() => canonicalize(bad)).toThrow(/unpaired UTF-16 surrogate/);
      expect(() => canonicalize({ [bad]: 1 })).toThrow(CanonicalJsonError);
    }
  });

  it('sorts nested objects, keeps array order, and has no whitespace', () => {
    const value = { b: [3, { z: 1, a: [true, null] }, 'x'], a: { d: {}, c: [] }, '': 0 };
    expect(canonicalize(value)).toBe('{"":0,"a":{"c":[],"d":{}},"b":[3,{"a":[true,null],"z":1},"x"]}');
    expect(canonicalize(JSON.parse(canonicalize(value)))).toBe(canonicalize(value));
    expect(canonicalize(Object.assign(Object.create(null) as object, { y: 1, x: 2 }))).toBe('{"x":2,"y":1}');
  });

  it('refuses values JSON has no form for, naming where they are', () => {
    const cases: [unknown, RegExp][] = [
      [{ a: { b: undefined } }, /^a\.b: undefined/],
      [{ bets: [{ amountMinor: 1.5 }] }, /^bets\[0\]\.amountMinor: 1\.5 is not a safe integer/],
      [{ at: new Date(0) }, /^at: only plain objects/],
      [new Map(), /plain objects/],
      [10n, /bigint/],
      [() => 1, /function/],
      [Symbol('s'), /symbol/],
    ];
    for (const [value, message] of cases) {
      let error: unknown = null;
      try {
        canonicalize(value);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CanonicalJsonError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_CANONICAL_DEPTH; i++) deep = [deep];
    expect(() => canonicalize(deep)).toThrow(/nested deeper/);
    let fine: unknown = 1;
    for (let i = 0; i < MAX_CANONICAL_DEPTH; i++) fine = [fine];
    expect(canonicalize(fine)).toBe(`${'['.repeat(MAX_CANONICAL_DEPTH)}1${']'.repeat(MAX_CANONICAL_DEPTH)}`);
  });
});
