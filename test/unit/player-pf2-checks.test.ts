// The player page's checks of docs/PF2.md §3 before it reveals, and its
// comparison with the published proof afterwards, over real Merkle trees and
// real signatures: an honest freeze passes; a freeze that adds a line under
// my name, drops or alters an acknowledged bet, hides a neighbour, is signed
// by another key or names another chain fails, with the reason said.
import { describe, expect, it } from 'vitest';
import type { RoundProof } from '../../src/shared/api.ts';
import { MerkleTree } from '../../src/shared/fairness/merkle.ts';
import { bettorProofs, frozenLines } from '../../src/shared/fairness/pf2.ts';
import { auditPf2Proof } from '../../src/renderer/player/state/pf2-audit.ts';
import { checkFreeze, type FreezeCheckInput } from '../../src/renderer/player/state/pf2-freeze-check.ts';
import { emptyPf2Round } from '../../src/renderer/player/state/pf2-state.ts';
import {
  CHAIN,
  CHAIN_INDEX,
  COMMITMENT,
  ME,
  MY_BETS,
  OTHER_KEY,
  ROUND,
  SECRET,
  STATEMENT_KEY,
  TABLE,
  commitments,
  freezeStatement,
  frozenRound,
  honestRound,
  linesWithForgedBet,
  liveBets,
  revealAck,
} from '../support/pf2-page-fixtures.ts';

function input(round: ReturnType<typeof frozenRound>, overrides: Partial<FreezeCheckInput> = {}): FreezeCheckInput {
  return {
    identity: { table: TABLE, round: ROUND, chain: CHAIN, chainIndex: CHAIN_INDEX },
    statementKey: STATEMENT_KEY,
    reference: ME,
    commitment: COMMITMENT,
    statement: round.statement,
    lines: round.mine,
    acknowledgedBets: MY_BETS,
    ...overrides,
  };
}

describe('checkFreeze (PF2.md §3)', () => {
  it('passes an honest freeze: my commitment and both bets proven, neighbours naming other players', () => {
    const round = honestRound();
    expect(round.mine.lines).toHaveLength(3);
    expect(checkFreeze(input(round))).toEqual({ ok: true, problems: [] });
  });

  it('passes when I am at both ends of the tree (neighbours past the ends are null)', () => {
    const mine = MY_BETS.map((bet) => ({ player: ME, ...bet }));
    const alone = frozenLines(new Map([[ME, COMMITMENT]]), mine);
    const tree = new MerkleTree(alone);
    const round = { tree, statement: freezeStatement(tree), mine: { round: ROUND, size: tree.size, freeze: tree.root, ...bettorProofs(tree, ME) } };
    expect(round.mine.neighbours.every((neighbour) => neighbour.line === null)).toBe(true);
    expect(checkFreeze(input(round)).ok).toBe(true);
  });

  it('fails a freeze that adds a bet under my name, when the server sends me that line', () => {
    const check = checkFreeze(input(frozenRound(linesWithForgedBet())));
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain('a bet I never made is frozen under my name: b|r-me|forged|zero|10000');
  });

  it('fails a freeze that adds a bet under my name and hides it from my lines: the neighbour gives it away', () => {
    const tree = new MerkleTree(linesWithForgedBet());
    const honest = bettorProofs(tree, ME);
    const hidden = honest.lines.filter((proof) => !proof.line.includes('forged'));
    // The server recomputes neighbours as if the forged line were someone else's.
    const indices = hidden.map((proof) => proof.index);
    const neighbours = [...new Set([Math.min(...indices) - 1, Math.max(...indices) + 1, ...indices.flatMap((index) => [index - 1, index + 1])])]
      .filter((index) => !indices.includes(index))
      .map((index) => (index < 0 || index >= tree.size ? { index, line: null, path: null } : tree.proof(index)));
    const round = { tree, statement: freezeStatement(tree), mine: { round: ROUND, size: tree.size, freeze: tree.root, lines: hidden, neighbours } };
    const check = checkFreeze(input(round));
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/neighbouring line \d+ also carries my name: b\|r-me\|forged/);
  });

  it('fails a freeze that drops one of my acknowledged bets', () => {
    const round = frozenRound(frozenLines(commitments(), liveBets([MY_BETS[0]!])));
    const check = checkFreeze(input(round));
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain('my acknowledged bet is missing or altered in the freeze: b|r-me|m2|straight:17|100');
  });

  it('fails a freeze that alters the amount of an acknowledged bet', () => {
    const round = frozenRound(frozenLines(commitments(), liveBets([MY_BETS[0]!, { ...MY_BETS[1]!, amountMinor: 50 }])));
    expect(checkFreeze(input(round)).problems.join('\n')).toContain('missing or altered');
  });

  it('fails a neighbour withheld inside the tree, and a proof that does not verify', () => {
    const round = honestRound();
    const nulled = { ...round.mine, neighbours: round.mine.neighbours.map((proof) => ({ ...proof, line: null, path: null })) };
    expect(checkFreeze(input(round, { lines: nulled })).problems.join('\n')).toContain('withheld though it is inside the tree');
    const broken = { ...round.mine, lines: round.mine.lines.map((proof, index) => (index === 0 ? { ...proof, path: [...(proof.path ?? [])].reverse() } : proof)) };
    expect(checkFreeze(input(round, { lines: broken })).problems.join('\n')).toContain('does not verify against the freeze');
  });

  it('fails a freeze signed by another key, naming another chain or round, or proven against another root', () => {
    const round = honestRound();
    expect(checkFreeze(input(round, { statementKey: OTHER_KEY })).problems[0]).toContain('signature does not verify');
    const otherChain = freezeStatement(round.tree, { chain: 'cd'.repeat(32) });
    expect(checkFreeze(input(round, { statement: otherChain })).problems[0]).toContain('names chain');
    const otherRound = freezeStatement(round.tree, { round: ROUND + 1 });
    expect(checkFreeze(input(round, { statement: otherRound })).problems[0]).toContain('names round');
    const otherRoot = freezeStatement(new MerkleTree(['x']), { lines: round.tree.size });
    expect(checkFreeze(input(round, { statement: otherRoot })).ok).toBe(false);
    const miscounted = freezeStatement(round.tree, { bets: 5 });
    expect(checkFreeze(input(round, { statement: miscounted })).problems[0]).toContain('counts 8 bettors and bets but 7 lines');
    const tampered = { ...round.statement, bets: 5 };
    expect(checkFreeze(input(round, { statement: tampered })).problems[0]).toContain('signature does not verify');
  });

  it('fails when my commitment is not the one frozen', () => {
    const check = checkFreeze(input(honestRound(), { commitment: 'ee'.repeat(32) }));
    expect(check.problems.join('\n')).toContain('my commitment is not among the frozen lines');
  });

  it('accepts a frozen bet whose acknowledgement was still on its way, but not more lines than bets asked for', () => {
    const round = honestRound();
    expect(checkFreeze(input(round, { acknowledgedBets: [MY_BETS[0]!], requestedBets: [MY_BETS[1]!] })).ok).toBe(true);
    expect(checkFreeze(input(round, { acknowledgedBets: [MY_BETS[0]!] })).ok).toBe(false);
  });
});

function proof(overrides: Partial<NonNullable<RoundProof['pf2']>> = {}, phase: RoundProof['phase'] = 'settled'): RoundProof {
  const round = honestRound();
  return {
    tableId: TABLE,
    round: ROUND,
    game: 'roulette-eu',
    phase,
    commitment: CHAIN,
    chainIndex: CHAIN_INDEX,
    serverSeed: null,
    clientSeeds: [],
    clientString: null,
    outcome: null,
    bets: [],
    pf2: {
      freeze: round.tree.root,
      frozenLines: [...round.tree.lines],
      secrets: [SECRET, 'a'.repeat(32)].sort(),
      withheld: ['r-zed'],
      statements: { freeze: round.statement, revealed: null },
      beacon: null,
      ...overrides,
    },
  };
}

describe('auditPf2Proof (PF2.md §7: the page compares what it holds with the record)', () => {
  const round = honestRound();
  const held = { ...emptyPf2Round(ROUND), commitment: COMMITMENT, secret: SECRET, freeze: round.statement, lines: round.mine, revealSent: true };
  const passed = { ok: true, checks: [] };

  it('is content with an honest proof that counts my acknowledged reveal', () => {
    const audit = auditPf2Proof({ proof: proof(), verification: passed, reference: ME, entry: { ...held, revealAck: revealAck(round.tree.root) } });
    expect(audit).toEqual({ verified: true, status: 'revealed', alarms: [], notes: [] });
  });

  it('alarms when I hold a signed reveal acknowledgement and am listed as withheld', () => {
    const audit = auditPf2Proof({
      proof: proof({ withheld: [ME, 'r-zed'], secrets: ['a'.repeat(32)] }),
      verification: passed,
      reference: ME,
      entry: { ...held, revealAck: revealAck(round.tree.root) },
    });
    expect(audit.status).toBe('withheld');
    expect(audit.alarms.join('\n')).toContain('proof of misbehaviour');
  });

  it('says so when I revealed without an acknowledgement, and when I never could reveal', () => {
    const sent = auditPf2Proof({ proof: proof({ withheld: [ME] }), verification: passed, reference: ME, entry: held });
    expect(sent).toMatchObject({ status: 'withheld', alarms: [] });
    expect(sent.notes.join('\n')).toContain('got no acknowledgement');
    const offline = auditPf2Proof({ proof: proof({ withheld: [ME] }), verification: passed, reference: ME, entry: { ...held, lines: null, revealSent: false } });
    expect(offline.notes.join('\n')).toContain('not connected');
  });

  it('alarms when my commitment or a line I was given is missing from the published lines, or the freeze differs', () => {
    const lines = round.tree.lines.filter((line) => !line.startsWith(`c|${ME}|`));
    const audit = auditPf2Proof({ proof: proof({ frozenLines: lines, freeze: 'ee'.repeat(32) }), verification: passed, reference: ME, entry: held });
    expect(audit.alarms.join('\n')).toContain('my commitment is not among the published frozen lines');
    expect(audit.alarms.join('\n')).toContain('differs from the one signed to me');
  });

  it('shows a voided round as voided, not as a failed verification, unless I hold its signed freeze', () => {
    const before = auditPf2Proof({ proof: proof({}, 'voided'), verification: { ok: false, checks: [] }, reference: ME, entry: { ...held, freeze: null } });
    expect(before).toMatchObject({ status: 'voided', alarms: [] });
    const after = auditPf2Proof({ proof: proof({}, 'voided'), verification: { ok: false, checks: [] }, reference: ME, entry: held });
    expect(after.alarms.join('\n')).toContain('voided after its signed freeze');
  });

  it('alarms on a proof without pf2 data, and on a signed acknowledgement whose secret is missing from the reveal set', () => {
    const bare = { ...proof(), pf2: undefined };
    expect(auditPf2Proof({ proof: bare, verification: passed, reference: ME, entry: held }).alarms).toHaveLength(1);
    const dropped = auditPf2Proof({ proof: proof({ secrets: ['a'.repeat(32)] }), verification: passed, reference: ME, entry: { ...held, revealAck: revealAck(round.tree.root) } });
    expect(dropped.alarms.join('\n')).toContain('missing from the published reveal set');
  });
});
