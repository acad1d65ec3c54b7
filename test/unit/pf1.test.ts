// pf1 against every vector in the fairness contract, plus the edge cases the
// vectors do not reach (byte ordering, input validation).
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Pf1Stream,
  Shoe,
  buildChain,
  bytesToHex,
  cardName,
  cardRank,
  cardSuit,
  clientStringOf,
  commitmentOf,
  hexToBytes,
  seedMatchesCommitment,
} from '../../src/shared/fairness/pf1.ts';
import { drawRoulette } from '../../src/shared/games/roulette.ts';
import { drawBaccaratHand } from '../../src/shared/games/baccarat-draw.ts';

type RoundVector = {
  game: string;
  round: number;
  chainIndex: number;
  serverSeed: string;
  clientSeeds: string[];
  clientString: string;
  outcome: Record<string, unknown>;
};
type Vectors = {
  scheme: string;
  chain: { terminal: string; length: number; seeds: string[]; commitment: string };
  words: { serverSeed: string; clientSeeds: string[]; round: number; clientString: string; first16: number[] };
  uniform: {
    serverSeed: string;
    clientSeeds: string[];
    round: number;
    draws: { m: number; values: number[]; wordsUsedSoFar: number }[];
  };
  rounds: RoundVector[];
};

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixturePath = `${repoRoot}test/fixtures/pf1-vectors.json`;
const upstreamPath = `${repoRoot}../shared/fairness/pf1-vectors.json`;
// PF1_VECTORS names another vector file to check instead (e.g. a new contract revision).
const vectorPath = process.env.PF1_VECTORS ?? fixturePath;
const vectors = JSON.parse(readFileSync(vectorPath, 'utf8')) as Vectors;

function streamOf(serverSeed: string, clientSeeds: string[], round: number): Pf1Stream {
  return new Pf1Stream(hexToBytes(serverSeed), clientStringOf(clientSeeds), round);
}

describe('vector file', () => {
  it(`is pf1 (${vectorPath})`, () => {
    expect(vectors.scheme).toBe('pf1');
  });

  it('matches the contract copy byte for byte', (context) => {
    if (!existsSync(upstreamPath)) {
      console.log(`no contract copy at ${upstreamPath} (checkout without the shared folder); skipping the comparison`);
      context.skip();
      return;
    }
    expect(readFileSync(fixturePath).equals(readFileSync(upstreamPath))).toBe(true);
  });
});

describe('hex', () => {
  it('round-trips', () => {
    const bytes = new Uint8Array([0, 1, 15, 16, 127, 128, 255]);
    expect(bytesToHex(bytes)).toBe('00010f107f80ff');
    expect(hexToBytes('00010f107f80ff')).toEqual(bytes);
    expect(hexToBytes('')).toEqual(new Uint8Array(0));
  });

  it.each(['abc', 'zz', 'AB', '0x00', ' 00', '00 ', 'g0', '+1'])('rejects %j', (bad) => {
    expect(() => hexToBytes(bad)).toThrow();
  });
});

describe('§1 seed chain', () => {
  const { chain } = vectors;

  it('builds the vector chain from the terminal', () => {
    const built = buildChain(hexToBytes(chain.terminal), chain.length);
    expect(built).toHaveLength(chain.length + 1);
    expect(built.map(bytesToHex)).toEqual(chain.seeds);
    expect(commitmentOf(built)).toBe(chain.commitment);
  });

  it('does not alias the terminal buffer', () => {
    const terminal = hexToBytes(chain.terminal);
    const built = buildChain(terminal, 2);
    terminal.fill(0);
    expect(bytesToHex(built[2] as Uint8Array)).toBe(chain.terminal);
  });

  it('rejects bad terminals and lengths', () => {
    expect(() => buildChain(new Uint8Array(31), 5)).toThrow();
    expect(() => buildChain(new Uint8Array(32), 0)).toThrow();
    expect(() => buildChain(new Uint8Array(32), 1.5)).toThrow();
    expect(() => buildChain(new Uint8Array(32), 1_000_001)).toThrow();
  });

  it('links every seed to the commitment at its own index only', () => {
    for (let i = 1; i <= chain.length; i++) {
      const seed = chain.seeds[i] as string;
      expect(seedMatchesCommitment(seed, i, chain.commitment)).toBe(true);
      expect(seedMatchesCommitment(seed, i + 1, chain.commitment)).toBe(false);
      expect(seedMatchesCommitment(seed, i - 1, chain.commitment)).toBe(false);
    }
  });

  it('rejects out-of-range indices and malformed hex without throwing', () => {
    const seed = chain.seeds[1] as string;
    expect(seedMatchesCommitment(chain.commitment, 0, chain.commitment)).toBe(false);
    expect(seedMatchesCommitment(seed, 1_000_001, chain.commitment)).toBe(false);
    expect(seedMatchesCommitment(seed, 1.5, chain.commitment)).toBe(false);
    expect(seedMatchesCommitment(seed.toUpperCase(), 1, chain.commitment)).toBe(false);
    expect(seedMatchesCommitment(seed.slice(2), 1, chain.commitment)).toBe(false);
    expect(seedMatchesCommitment(seed, 1, `${chain.commitment}00`)).toBe(false);
    expect(seedMatchesCommitment('zz', 1, chain.commitment)).toBe(false);
  });
});

describe('§2 client string', () => {
  it('matches every vector', () => {
    expect(clientStringOf(vectors.words.clientSeeds)).toBe(vectors.words.clientString);
    for (const round of vectors.rounds) expect(clientStringOf(round.clientSeeds)).toBe(round.clientString);
  });

  it('sorts by bytes: "-" < "0" < "Z" < "_" < "a"', () => {
    expect(clientStringOf(['a', '_', 'Z', '0', '-'])).toBe('-,0,Z,_,a');
    expect(clientStringOf(['alice', 'Bob'])).toBe('Bob,alice');
  });

  it('is a prefix-first order and keeps duplicates', () => {
    expect(clientStringOf(['ab', 'a', 'ab', 'a-'])).toBe('a,a-,ab,ab');
    expect(clientStringOf([])).toBe('');
  });

  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF61 is EF BD A1 in UTF-8 but 0xFF61 in UTF-16; U+1F600 is F0 9F 98 80 but 0xD83D 0xDE00.
    const halfwidth = '\uFF61';
    const emoji = '\u{1F600}';
    expect([halfwidth, emoji].sort()).toEqual([emoji, halfwidth]);
    expect(clientStringOf([emoji, halfwidth])).toBe(`${halfwidth},${emoji}`);
  });

  it('does not mutate its input', () => {
    const seeds = ['b', 'a'];
    clientStringOf(seeds);
    expect(seeds).toEqual(['b', 'a']);
  });
});

describe('§3 byte stream', () => {
  it('gives the first 16 words of the vector (two blocks)', () => {
    const { serverSeed, clientSeeds, round, first16 } = vectors.words;
    const stream = streamOf(serverSeed, clientSeeds, round);
    const words = Array.from({ length: 16 }, () => stream.nextWord());
    expect(words).toEqual(first16);
    expect(stream.wordsUsed).toBe(16);
  });

  it('rejects a seed that is not 32 bytes and a round that is not a positive integer', () => {
    expect(() => new Pf1Stream(new Uint8Array(31), '', 1)).toThrow();
    expect(() => new Pf1Stream(new Uint8Array(32), '', 0)).toThrow();
    expect(() => new Pf1Stream(new Uint8Array(32), '', 1.5)).toThrow();
  });
});

describe('§4 uniform', () => {
  it('gives every vector draw and consumes exactly the vector word count', () => {
    const { serverSeed, clientSeeds, round, draws } = vectors.uniform;
    const stream = streamOf(serverSeed, clientSeeds, round);
    for (const draw of draws) {
      const values = draw.values.map(() => stream.uniform(draw.m));
      expect(values, `m = ${draw.m}`).toEqual(draw.values);
      expect(stream.wordsUsed, `m = ${draw.m}`).toBe(draw.wordsUsedSoFar);
    }
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32 + 1])('rejects m = %s', (m) => {
    const stream = new Pf1Stream(new Uint8Array(32), '', 1);
    expect(() => stream.uniform(m)).toThrow(RangeError);
    expect(stream.wordsUsed).toBe(0);
  });
});

describe('§5 cards', () => {
  it('names cards rank then suit in canonical order', () => {
    expect([0, 9, 10, 12, 13, 26, 39, 51].map(cardName)).toEqual(['AS', '10S', 'JS', 'KS', 'AH', 'AD', 'AC', 'KC']);
    expect(cardName(52)).toBe('AS');
    expect(cardName(52 * 8 - 1)).toBe('KC');
    expect(cardRank(12)).toBe(13);
    expect(cardSuit(27)).toBe('D');
    expect(() => cardName(-1)).toThrow();
  });

  it('deals a permutation of the shoe, then refuses', () => {
    const shoe = new Shoe(new Pf1Stream(new Uint8Array(32), 'x', 1), 2);
    const dealt = Array.from({ length: 104 }, () => shoe.draw());
    expect([...dealt].sort((a, b) => a - b)).toEqual(Array.from({ length: 104 }, (_, i) => i));
    expect(shoe.remaining).toBe(0);
    expect(() => shoe.draw()).toThrow();
  });

  it('rejects bad deck counts', () => {
    const stream = new Pf1Stream(new Uint8Array(32), '', 1);
    expect(() => new Shoe(stream, 0)).toThrow();
    expect(() => new Shoe(stream, 1.5)).toThrow();
  });
});

// ---------------------------------------------------------------- round vectors

/** What each game's §5 draw gives for a vector, in the vector's outcome shape. */
const drawByGame: Record<string, (stream: Pf1Stream) => unknown> = {
  'roulette-eu': (stream) => drawRoulette(stream),
  sicbo: (stream) => ({ dice: [1 + stream.uniform(6), 1 + stream.uniform(6), 1 + stream.uniform(6)] }),
  baccarat: (stream) => drawBaccaratHand(stream),
  'dragon-tiger': (stream) => {
    const shoe = new Shoe(stream, 8);
    const dragon = shoe.draw();
    const tiger = shoe.draw();
    const difference = cardRank(dragon) - cardRank(tiger);
    return {
      dragon: cardName(dragon),
      tiger: cardName(tiger),
      winner: difference > 0 ? 'dragon' : difference < 0 ? 'tiger' : 'tie',
    };
  },
  // blackjack needs the seat count and play decisions; see the check below.
};

describe('round vectors', () => {
  it('covers games the test knows how to draw', () => {
    const unknown = vectors.rounds.map((round) => round.game).filter((game) => !(game in drawByGame));
    expect(unknown).toEqual([]);
  });

  it.each(vectors.rounds.map((round) => [`${round.game} round ${round.round}`, round] as const))(
    '%s',
    (_, vector) => {
      expect(seedMatchesCommitment(vector.serverSeed, vector.chainIndex, vectors.chain.commitment)).toBe(true);
      expect(clientStringOf(vector.clientSeeds)).toBe(vector.clientString);
      const draw = drawByGame[vector.game];
      if (draw === undefined) throw new Error(`no draw for ${vector.game}`);
      const stream = new Pf1Stream(hexToBytes(vector.serverSeed), vector.clientString, vector.round);
      expect(draw(stream)).toEqual(vector.outcome);
    },
  );
});
