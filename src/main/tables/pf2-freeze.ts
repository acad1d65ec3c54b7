// A pf2 round's frozen lines and their tree (PF2.md §3), computed in bounded
// steps. At 10,000 bettors the lines take ~50 ms and the tree ~140 ms on one
// core, far past a short turn, so each step does at most `linesPerStep`
// units of work (a bet made into its lines, a tree hash) and the next step
// runs on a later turn of the event loop. The one sort and the one pass that
// finds each bettor's lines are a step each (~20 ms and ~10 ms at 20,000
// lines). The steps, the recording and the fan-outs each get turns of
// their own.
//
// Nothing here is durable or visible: the caller records the freeze once the
// work is done, so a crash or a stop before then leaves a round whose betting
// merely stopped, voided like any betting round (PF2.md §8).
import { MerkleTree } from '../../shared/fairness/merkle.ts';
import { lineIndicesByPlayer, sortByBytes, unsortedFrozenLines, type LiveBet as LineBet } from '../../shared/fairness/pf2.ts';
import type { LiveBet } from './bet-book.ts';
import type { Clock } from './clock.ts';

/** Units of freeze work per step: ~10 ms of lines or hashes on a slow core, well inside a 50 ms turn. */
export const defaultFreezeLinesPerStep = 4_000;

export type Bettors = Map<string, { playerId: string; commitment: string }>;

/** What the freeze computed: the tree of the frozen lines and who they name. */
export type BuiltFreeze = {
  tree: MerkleTree;
  /** Each bettor by reference (as the lines name them): the player and their frozen commitment. */
  bettors: Bettors;
  bets: number;
  /** Where each bettor's lines are in the tree, by reference. */
  lineIndices: Map<string, number[]>;
};

export class FreezeWork {
  readonly #bets: readonly LiveBet[];
  readonly #commitments: ReadonlyMap<string, { reference: string; commitment: string }>;
  readonly #bettors: Bettors = new Map();
  /** Commitments by reference, as the lines name the bettors. */
  readonly #byReference = new Map<string, string>();
  readonly #seen = new Set<string>();
  readonly #lines: string[] = [];
  #betsDone = 0;
  #tree: MerkleTree | null = null;
  #lineIndices: Map<string, number[]> | null = null;

  /** `bets` are the round's live bets as betting closed, `commitments` each player's, by player id. */
  constructor(bets: readonly LiveBet[], commitments: ReadonlyMap<string, { reference: string; commitment: string }>) {
    this.#bets = bets;
    this.#commitments = commitments;
  }

  /**
   * Runs the work one step per turn of the event loop, none in the caller's
   * turn (the close's, which already hands round.closed to every socket),
   * and `done` on a turn of its own (it records the freeze and hands
   * round.frozen to every socket). `failed` hears of a step that threw (the
   * work stops). Returns a function that abandons the work, if not yet done.
   */
  run(clock: Clock, linesPerStep: number, done: (built: BuiltFreeze) => void, failed: (error: unknown) => void): () => void {
    let abandoned = false;
    const next = (): void => {
      if (abandoned) return;
      let built: BuiltFreeze | null;
      try {
        built = this.step(linesPerStep);
      } catch (error) {
        failed(error);
        return;
      }
      if (built === null) clock.soon(next);
      else {
        const finished = built;
        clock.soon(() => {
          if (!abandoned) done(finished);
        });
      }
    };
    clock.soon(next);
    return () => {
      abandoned = true;
    };
  }

  /** Does up to `budget` units of work; the result once it is all done, else null. */
  step(budget: number): BuiltFreeze | null {
    let left = budget;
    while (left > 0 && this.#lineIndices === null) left -= this.#stage(left);
    const tree = this.#tree;
    if (tree === null || this.#lineIndices === null) return null;
    return { tree, bettors: this.#bettors, bets: this.#bets.length, lineIndices: this.#lineIndices };
  }

  /** One stage's work within `budget`, or an indivisible stage whole; returns the units it took. */
  #stage(budget: number): number {
    if (this.#betsDone < this.#bets.length) return this.#makeLines(budget);
    if (this.#tree === null) {
      this.#tree = new MerkleTree(sortByBytes(this.#lines));
      return this.#lines.length;
    }
    const hashes = Math.min(budget, this.#tree.pendingHashes);
    if (hashes > 0) {
      this.#tree.build(hashes);
      return hashes;
    }
    this.#lineIndices = lineIndicesByPlayer(this.#tree.lines);
    return this.#lines.length;
  }

  #makeLines(budget: number): number {
    const end = Math.min(this.#bets.length, this.#betsDone + budget);
    const chunk: LineBet[] = [];
    for (let index = this.#betsDone; index < end; index++) chunk.push(this.#lineBet(this.#bets[index] as LiveBet));
    for (const line of unsortedFrozenLines(this.#byReference, chunk, this.#seen)) this.#lines.push(line);
    const taken = end - this.#betsDone;
    this.#betsDone = end;
    return taken;
  }

  #lineBet(bet: LiveBet): LineBet {
    const known = this.#commitments.get(bet.playerId);
    if (known === undefined) throw new Error(`player ${bet.playerId} holds a live bet but no commitment`);
    const { reference, commitment } = known;
    this.#bettors.set(reference, { playerId: bet.playerId, commitment });
    this.#byReference.set(reference, commitment);
    return { player: reference, betId: bet.betId, spot: bet.spot, amountMinor: bet.amountMinor };
  }
}
