// Hostile inbound frames for fuzzing the gateway: random bytes and JSON,
// and valid messages mutated field by field (wrong types, huge, negative and
// fractional numbers, long strings, prototype keys, extra and missing
// fields). Deterministic from a seed so a failure can be replayed.

export type FuzzFrame = { data: string | Buffer; binary: boolean; kind: string };

/** xorshift32: tiny, deterministic, not for anything but tests. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.#state = x;
    return x;
  }
  below(limit: number): number {
    return this.next() % limit;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}

const weirdNumbers = [
  -1, 0, -0, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e-7, 100.000001, 3.14,
];
const weirdStrings = [
  '', ' ', '__proto__', 'constructor', 'prototype', 'red ', 'RED', 'straight:-1', 'straight:37', 'straight:1.5', 'split:1-4-7',
  'x'.repeat(65), 'x'.repeat(1000), '\u0000', '\ud800', '💰', '<script>alert(1)</script>', "'; DROP TABLE bets; --", '../../etc/passwd',
];
const weirdValues: unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, ...weirdNumbers, ...weirdStrings];

function validMessages(random: Random, round: number): Record<string, unknown>[] {
  const id = `f${random.next().toString(36)}`;
  return [
    { kind: 'bet.place', requestId: id, round, bets: [{ betId: `b${id}`, spot: 'red', amountMinor: 100 }] },
    { kind: 'bet.cancel', requestId: id, round, betIds: [] },
    { kind: 'seed.set', requestId: id, clientSeed: `seed${id}` },
    { kind: 'ping', requestId: id, clientTime: 1 },
  ];
}

function mutate(random: Random, value: Record<string, unknown>): unknown {
  const copy: Record<string, unknown> = structuredClone(value);
  const keys = Object.keys(copy);
  switch (random.below(8)) {
    case 0: // a field gets a weird value
      copy[random.pick(keys)] = random.pick(weirdValues);
      return copy;
    case 1: // a field goes missing
      delete copy[random.pick(keys)];
      return copy;
    case 2: // an extra field, sometimes a prototype key
      copy[random.pick(['__proto__', 'constructor', 'playerId', 'admin', 'extra'])] = random.pick(weirdValues);
      return copy;
    case 3: { // the bet inside gets a weird value
      const bets = copy.bets;
      if (Array.isArray(bets) && bets[0] && typeof bets[0] === 'object') {
        const bet = bets[0] as Record<string, unknown>;
        bet[random.pick(['betId', 'spot', 'amountMinor', 'playerId'])] = random.pick(weirdValues);
      } else copy.bets = random.pick(weirdValues);
      return copy;
    }
    case 4: // too many bets (still under maxPayloadBytes, which closes the socket instead)
      copy.bets = Array.from({ length: 41 + random.below(40) }, (_, index) => ({ betId: `m${index}`, spot: 'red', amountMinor: 100 }));
      return copy;
    case 5: { // deep nesting
      let nested: unknown = copy;
      for (let depth = 200 + random.below(300); depth > 0; depth -= 1) nested = [nested];
      return nested;
    }
    case 6: // not an object at all
      return random.pick(weirdValues);
    default: // wrong kind
      copy.kind = random.pick(['bet.place ', 'BET.PLACE', 'admin.credit', 'round.open', '', 'bet', null, 7]);
      return copy;
  }
}

function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index += 1) bytes[index] = random.below(256);
  return bytes;
}

/** One hostile frame; a `closing` one makes the server close the socket, by design. */
export function fuzzFrame(random: Random, round: number, options: { closing: boolean }): FuzzFrame {
  if (options.closing) {
    // Invalid UTF-8 in a text frame (the server closes with 1007) or an oversized frame (1009).
    return random.below(2) === 0
      ? { data: Buffer.from([0x7b, 0xc3, 0x28, 0xa0, 0xa1, 0x7d]), binary: false, kind: 'invalid-utf8' }
      : { data: `{"kind":"ping","pad":"${'x'.repeat(5000)}"}`, binary: false, kind: 'oversized' };
  }
  const roll = random.below(100);
  if (roll < 60) return { data: JSON.stringify(mutate(random, random.pick(validMessages(random, round)))), binary: false, kind: 'mutated' };
  if (roll < 70) return { data: JSON.stringify(random.pick(weirdValues)), binary: false, kind: 'json-value' };
  if (roll < 80) return { data: randomBytes(random, 1 + random.below(64)).toString('latin1'), binary: false, kind: 'garbage-text' };
  if (roll < 88) return { data: randomBytes(random, 1 + random.below(64)), binary: true, kind: 'binary' };
  if (roll < 96) {
    const text = JSON.stringify(random.pick(validMessages(random, round)));
    return { data: text.slice(0, random.below(text.length)), binary: false, kind: 'truncated' };
  }
  return { data: random.pick(['{}', '""', '0', 'true', '{"kind":"bet.place"}']), binary: false, kind: 'minimal' };
}
