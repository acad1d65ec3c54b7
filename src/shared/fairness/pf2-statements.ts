// The signed statements of docs/PF2.md §7: their kinds and members, the
// bytes a signature covers (RFC 8785 canonical JSON of the statement without
// `sig`), strict base64, and Ed25519 signing and cofactorless verification
// with @noble/curves. Pure: no node: modules, so the player page verifies
// with this code (the server may sign with node:crypto; Ed25519 is
// deterministic, so both give the same `sig`).
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { canonicalize } from '../audit/canonical-json.ts';

export const STATEMENT_KINDS = {
  bets: 'pf2.bets',
  freeze: 'pf2.freeze',
  reveal: 'pf2.reveal',
  revealed: 'pf2.revealed',
  decision: 'pf2.decision',
  void: 'pf2.void',
  resume: 'pf2.resume',
  receipt: 'pf2.receipt',
} as const;
export type StatementKind = (typeof STATEMENT_KINDS)[keyof typeof STATEMENT_KINDS];

/** What a member holds: any string, 64 lowercase hex digits, a safe integer, or one of those or null. */
type MemberType = 'string' | 'hash' | 'integer' | 'string|null' | 'hash|null' | 'integer|null';

/** Every statement names one round of one chain. */
export const COMMON_MEMBERS = { kind: 'string', table: 'string', round: 'integer', chainIndex: 'integer', chain: 'hash' } as const;

/** The members each kind adds to COMMON_MEMBERS (§7), exactly. */
export const STATEMENT_MEMBERS = {
  'pf2.bets': { root: 'hash', size: 'integer', signedAt: 'integer' },
  'pf2.freeze': {
    game: 'string',
    rulesVersion: 'string',
    freeze: 'hash',
    lines: 'integer',
    bettors: 'integer',
    bets: 'integer',
    revealWindowMs: 'integer',
    beaconChain: 'hash|null',
    beaconRound: 'integer|null',
    frozenAt: 'integer',
  },
  'pf2.reveal': { freeze: 'hash', commitment: 'hash', receivedAt: 'integer' },
  'pf2.revealed': {
    freeze: 'hash',
    revealed: 'integer',
    withheld: 'integer',
    withheldDigest: 'hash',
    secretsDigest: 'hash',
    closedAt: 'integer',
  },
  'pf2.decision': {
    seq: 'integer',
    seat: 'integer',
    hand: 'integer',
    action: 'string',
    betId: 'string|null',
    amountMinor: 'integer|null',
    decidedAt: 'integer',
  },
  'pf2.void': { reason: 'string', voidedAt: 'integer' },
  'pf2.resume': { freeze: 'hash', resumedAt: 'integer', beaconRound: 'integer|null' },
  'pf2.receipt': { recordHash: 'hash', previousHash: 'hash' },
} as const satisfies Record<StatementKind, Record<string, MemberType>>;

type ValueOf<T extends MemberType> = T extends 'string' | 'hash' ? string : T extends 'integer' ? number : T extends 'integer|null' ? number | null : string | null;
type Members<M extends Record<string, MemberType>> = { -readonly [K in keyof M]: ValueOf<M[K]> };

/** A statement of one kind, without its signature. */
export type Statement<K extends StatementKind> = Omit<Members<typeof COMMON_MEMBERS>, 'kind'> & { kind: K } & Members<(typeof STATEMENT_MEMBERS)[K]>;
export type AnyStatement = { [K in StatementKind]: Statement<K> }[StatementKind];
export type SignedStatement = AnyStatement & { sig: string };

/** A statement's members as signing sees them: flat, strings, integers and null. */
export type StatementBody = Readonly<Record<string, string | number | null>>;

const HASH = /^[0-9a-f]{64}$/;

function memberTypeProblem(name: string, value: unknown, type: MemberType): string | null {
  if (value === null) return type.endsWith('|null') ? null : `${name} must not be null`;
  const base = type.replace('|null', '');
  if (base === 'integer') return Number.isSafeInteger(value) ? null : `${name} must be a safe integer`;
  if (typeof value !== 'string') return `${name} must be a string`;
  return base === 'hash' && !HASH.test(value) ? `${name} must be 64 lowercase hex digits` : null;
}

/**
 * What is wrong with a statement's shape, or null: a known kind, exactly the
 * members §7 gives that kind (plus `sig` when present), each of its type.
 * Signature checks are verifyStatement's.
 */
export function statementShapeProblem(statement: unknown): string | null {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) return 'a statement is a JSON object';
  const record = statement as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(STATEMENT_MEMBERS, kind)) return `unknown kind ${JSON.stringify(kind)}`;
  const expected: Record<string, MemberType> = { ...COMMON_MEMBERS, ...STATEMENT_MEMBERS[kind as StatementKind] };
  for (const name of Object.keys(record)) {
    if (name !== 'sig' && !Object.hasOwn(expected, name)) return `${kind} has no member ${name}`;
  }
  for (const [name, type] of Object.entries(expected)) {
    if (!Object.hasOwn(record, name)) return `${kind} lacks ${name}`;
    const problem = memberTypeProblem(name, record[name], type);
    if (problem !== null) return problem;
  }
  if (Object.hasOwn(record, 'sig') && typeof record.sig !== 'string') return 'sig must be a string';
  return null;
}

/**
 * The text a signature covers: RFC 8785 canonical JSON of the statement
 * without `sig`. Throws on a statement that is not flat strings, safe
 * integers and null.
 */
export function statementSigningText(statement: StatementBody): string {
  const body: Record<string, string | number | null> = {};
  for (const [name, value] of Object.entries(statement)) {
    if (name === 'sig') continue;
    if (value !== null && typeof value !== 'string' && !Number.isSafeInteger(value)) {
      throw new TypeError(`statement member ${name} is not a string, safe integer or null`);
    }
    body[name] = value;
  }
  return canonicalize(body);
}

// ---------------------------------------------------------------- base64 (standard, padded)

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const characters = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < 4; k++) text += k < characters ? BASE64_ALPHABET[(chunk >> (18 - 6 * k)) & 63] : '=';
  }
  return text;
}

/** Standard base64 with padding, in its one canonical spelling (unused bits zero); null for anything else. */
export function fromBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string' || !BASE64_PATTERN.test(text)) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  for (let i = 0, out = 0; i < text.length; i += 4) {
    let chunk = 0;
    for (let k = 0; k < 4; k++) chunk = (chunk << 6) | Math.max(0, BASE64_ALPHABET.indexOf(text[i + k] as string));
    for (let k = 0; k < 3 && out < bytes.length; k++) bytes[out++] = (chunk >> (16 - 8 * k)) & 255;
  }
  // Re-encoding catches non-zero unused bits ("AB==" and "AA==" would decode alike).
  return toBase64(bytes) === text ? bytes : null;
}

// ---------------------------------------------------------------- Ed25519

const SIGNATURE_BYTES = 64;
const KEY_BYTES = 32;
const utf8 = new TextEncoder();

/** Signs with a 32-byte Ed25519 seed (RFC 8032 private key); returns the statement with `sig`. */
export function signStatement<S extends StatementBody>(statement: S, seed: Uint8Array): Omit<S, 'sig'> & { sig: string } {
  const text = statementSigningText(statement);
  const body: Record<string, unknown> = { ...statement };
  delete body.sig;
  return { ...body, sig: toBase64(ed25519.sign(utf8.encode(text), seed)) } as Omit<S, 'sig'> & { sig: string };
}

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  return value;
}

/**
 * The cofactorless equation [S]B = R + [k]A of RFC 8032 §5.1.7, as OpenSSL
 * checks it. noble's own verify checks the cofactored one ([8][S]B = [8]R +
 * [8][k]A), which also accepts R with a small-order component added.
 */
function cofactorlessEquationHolds(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const { Point } = ed25519;
  const order = Point.Fn.ORDER;
  const rBytes = signature.subarray(0, KEY_BYTES);
  const s = littleEndian(signature.subarray(KEY_BYTES));
  if (s >= order) return false;
  const publicPoint = Point.fromBytes(publicKey, false);
  const r = Point.fromBytes(rBytes, false);
  const hashInput = new Uint8Array(2 * KEY_BYTES + message.length);
  hashInput.set(rBytes, 0);
  hashInput.set(publicKey, KEY_BYTES);
  hashInput.set(message, 2 * KEY_BYTES);
  const k = littleEndian(sha512(hashInput)) % order;
  return Point.BASE.multiplyUnsafe(s).equals(r.add(publicPoint.multiplyUnsafe(k)));
}

/**
 * Whether `sig` is this key's Ed25519 signature of the statement. Strict:
 * canonical base64, canonical point encodings and S < L (noble with
 * zip215: false, which also refuses small-order keys), and the cofactorless
 * equation. Never throws: statements come from the network.
 */
export function verifyStatement(statement: unknown, publicKey: Uint8Array): boolean {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== KEY_BYTES) return false;
  const sig = (statement as Record<string, unknown>).sig;
  if (typeof sig !== 'string') return false;
  const signature = fromBase64(sig);
  if (signature === null || signature.length !== SIGNATURE_BYTES) return false;
  try {
    const message = utf8.encode(statementSigningText(statement as StatementBody));
    return ed25519.verify(signature, message, publicKey, { zip215: false }) && cofactorlessEquationHolds(signature, message, publicKey);
  } catch {
    return false;
  }
}
