// What one record must satisfy on its own: the round was drawn as pf1 (or
// pf2, pf2-checks.ts) says (seed against its chain, client string, outcome recomputed), paid as the
// paytable says, and booked in balanced ledger movements. Pure: shared code
// only (game rules, pf1, the record format), never the database. Every finding names the
// field an auditor should look at.
import { Check, type Finding } from '../../shared/audit-api.ts';
import { BetStatus, RoundStatus, type BetRecord, type RoundRecord, type TransferRecord } from '../../shared/audit-record.ts';
import { clientStringOf, hexToBytes, MAX_CHAIN_LENGTH, SEED_BYTES, seedReaches } from '../../shared/fairness/pf1.ts';
import { games, type GameRules } from '../../shared/games/index.ts';
import type { Outcome } from '../../shared/protocol.ts';
import { canonicalize } from '../../shared/audit/canonical-json.ts';
import { firstJsonDifference } from '../../shared/audit/json-diff.ts';
import { accountName } from '../../shared/audit/record-format.ts';
import { TransferKey } from '../../shared/transfer-keys.ts';
import { checkPf2, pf2ClientString } from './pf2-checks.ts';
import { beaconChainsWith } from '../../shared/fairness/verify-beacon.ts';
import type { BeaconChain } from '../../shared/fairness/beacon-chain.ts';
import { checkBlackjackStakes } from './blackjack-stake-checks.ts';

/** Transfer kinds of the record format (the round engine's idempotency keys, docs/audit-format.md). */
export const TransferKindOf = {
  bet: 'bet',
  cancel: 'bet_cancel',
  stake: 'payout_stake',
  win: 'payout_win',
  loss: 'loss',
  void: 'void_refund',
} as const;
/** Written in the one transaction that settles or voids the round, so their ids are consecutive. */
const settlementKinds: ReadonlySet<string> = new Set([TransferKindOf.stake, TransferKindOf.win, TransferKindOf.loss, TransferKindOf.void]);

/**
 * Checks revealed seeds against their chains, remembering the last verified
 * link of each chain: the next round's seed then needs one hash, not
 * chainIndex hashes, so checking a whole chain costs its length once.
 */
export class SeedChains {
  readonly #links = new Map<string, { index: number; seed: Uint8Array }>();

  /** True when SHA-256 applied chainIndex times to the seed gives the commitment. */
  matches(commitment: string, chainIndex: number, serverSeed: string): boolean {
    if (!Number.isSafeInteger(chainIndex) || chainIndex < 1 || chainIndex > MAX_CHAIN_LENGTH) return false;
    const seed = hexOrNull(serverSeed);
    if (seed?.length !== SEED_BYTES) return false;
    const known = this.#links.get(commitment);
    const head = hexOrNull(commitment);
    const from = known && known.index < chainIndex ? known : head && { index: 0, seed: head };
    if (!from || !seedReaches(seed, chainIndex - from.index, from.seed)) return false;
    this.#links.set(commitment, { index: chainIndex, seed });
    return true;
  }
}

/** The record's shape check already asks for lowercase hex; a hostile value is simply not a match. */
function hexOrNull(hex: string): Uint8Array | null {
  try {
    return hexToBytes(hex);
  } catch {
    return null;
  }
}

function gameOf(record: RoundRecord): GameRules | null {
  return Object.hasOwn(games, record.game) ? games[record.game as keyof typeof games] : null;
}

/** Which fields must be null and which set, by round status. */
function checkStatusFields(record: RoundRecord): Finding[] {
  const settled = record.status === RoundStatus.Settled;
  const mustBeSet: (keyof RoundRecord)[] = settled
    ? ['serverSeed', 'clientString', 'outcome', 'closedAt', 'resultAt', 'settledAt']
    : ['voidedAt', 'voidedBy', 'voidReason'];
  const mustBeNull: (keyof RoundRecord)[] = settled
    ? ['voidedAt', 'voidedBy', 'voidReason']
    : ['serverSeed', 'clientString', 'outcome', 'resultAt', 'settledAt'];
  const findings: Finding[] = [];
  for (const field of mustBeSet) {
    if (record[field] === null) findings.push({ check: Check.Format, field, message: `a ${record.status} round must have ${field}` });
  }
  for (const field of mustBeNull) {
    if (record[field] !== null) findings.push({ check: Check.Format, field, message: `a ${record.status} round has no ${field}` });
  }
  return findings;
}

/** pf1: one client seed per bettor, none without a bet (FAIRNESS.md §2). */
function checkClientSeeds(record: RoundRecord): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [index, seed] of record.clientSeeds.entries()) {
    if (seen.has(seed.playerId)) {
      findings.push({ check: Check.Seeds, field: `clientSeeds[${index}].playerId`, message: `a second client seed for ${seed.playerId}` });
    }
    seen.add(seed.playerId);
  }
  const bettors = new Set(record.bets.map((bet) => bet.playerId));
  for (const [index, bet] of record.bets.entries()) {
    if (!seen.has(bet.playerId)) {
      findings.push({ check: Check.Seeds, field: `bets[${index}].playerId`, message: `${bet.playerId} bet without a recorded client seed` });
    }
  }
  for (const [index, seed] of record.clientSeeds.entries()) {
    if (!bettors.has(seed.playerId)) {
      findings.push({ check: Check.Seeds, field: `clientSeeds[${index}].playerId`, message: `${seed.playerId} has a client seed but no bet` });
    }
  }
  return findings;
}

/**
 * Seeds, client string and outcome: FAIRNESS.md §1-5, or for a pf2 round
 * PF2.md's freeze, reveals and statements (`publicKey`: the export's key,
 * which signs them; null when the manifest names none).
 */
export function checkFairness(record: RoundRecord, chains: SeedChains, publicKey: Uint8Array | null = null, beaconChains: ReadonlyMap<string, BeaconChain> = beaconChainsWith()): Finding[] {
  const findings = checkStatusFields(record);
  if (findings.length > 0) return findings;
  const rules = gameOf(record);
  if (!rules) return [{ check: Check.Outcomes, field: 'game', message: `unknown game ${JSON.stringify(record.game)}` }];
  if (record.rulesVersion !== rules.rulesVersion) {
    return [{ check: Check.Outcomes, field: 'rulesVersion', message: `this verifier implements ${rules.rulesVersion}, not ${record.rulesVersion}` }];
  }
  findings.push(...(record.pf2 ? checkPf2(record, record.pf2, publicKey, beaconChains) : checkClientSeeds(record)));
  if (record.status !== RoundStatus.Settled || record.serverSeed === null || record.outcome === null) return findings;

  if (!chains.matches(record.commitment, record.chainIndex, record.serverSeed)) {
    findings.push({
      check: Check.Seeds,
      field: 'serverSeed',
      message: `SHA-256 applied ${record.chainIndex} times to the server seed does not give the commitment ${record.commitment}`,
    });
    return findings;
  }
  const clientString = record.pf2 ? pf2ClientString(record.pf2) : clientStringOf(record.clientSeeds.map((seed) => seed.clientSeed));
  if (clientString === null) return findings;
  if (!record.pf2 && record.clientString !== clientString) {
    findings.push({ check: Check.Seeds, field: 'clientString', message: `the recorded client seeds give ${JSON.stringify(clientString)}` });
  }
  const fairness = record.pf2 ? 'pf2' : 'pf1';
  const inputs = { serverSeed: hexToBytes(record.serverSeed), clientString, round: record.round, fairness } as const;
  let recomputed: Outcome;
  try {
    // Blackjack replays the recorded decisions on the round's shoe: a record whose decisions do not make a round fails here.
    recomputed = rules.recompute(inputs, record.outcome as Outcome);
  } catch (error) {
    findings.push({ check: Check.Outcomes, field: 'outcome', message: `${fairness} cannot replay this outcome: ${(error as Error).message}` });
    return findings;
  }
  if (canonicalize(recomputed) !== canonicalize(record.outcome)) {
    const inner = firstJsonDifference(recomputed, record.outcome) ?? '';
    findings.push({ check: Check.Outcomes, field: `outcome${inner}`, message: `${fairness} gives ${canonicalize(recomputed)}` });
  }
  return findings;
}

type ExpectedTransfer = Pick<TransferRecord, 'key' | 'kind' | 'from' | 'to' | 'amountMinor'>;

/** The transfers the round engine makes for a bet (src/main/tables/table.ts), in ledger order. */
function expectedTransfers(record: RoundRecord, bet: BetRecord, payoutMinor: number | null): ExpectedTransfer[] {
  const wallet = accountName('wallet', bet.playerId);
  const escrow = accountName('escrow', record.tableId);
  const house = 'house';
  const amount = bet.amountMinor;
  const list: ExpectedTransfer[] = [
    { key: TransferKey.bet(bet.playerId, bet.betId), kind: TransferKindOf.bet, from: wallet, to: escrow, amountMinor: amount },
  ];
  if (bet.status === BetStatus.Cancelled) {
    list.push({ key: TransferKey.cancel(bet.playerId, bet.betId), kind: TransferKindOf.cancel, from: escrow, to: wallet, amountMinor: amount });
  } else if (bet.status === BetStatus.Refunded) {
    list.push({ key: TransferKey.void(record.roundRowId, bet.betRowId), kind: TransferKindOf.void, from: escrow, to: wallet, amountMinor: amount });
  } else if (payoutMinor !== null) {
    const stakeBack = Math.min(payoutMinor, amount);
    if (stakeBack > 0) list.push({ key: TransferKey.stake(record.roundRowId, bet.betRowId), kind: TransferKindOf.stake, from: escrow, to: wallet, amountMinor: stakeBack });
    if (amount > stakeBack) list.push({ key: TransferKey.loss(record.roundRowId, bet.betRowId), kind: TransferKindOf.loss, from: escrow, to: house, amountMinor: amount - stakeBack });
    if (payoutMinor > amount) list.push({ key: TransferKey.win(record.roundRowId, bet.betRowId), kind: TransferKindOf.win, from: house, to: wallet, amountMinor: payoutMinor - amount });
  }
  return list;
}

/** Payout under the paytable, or a finding; never throws on a hostile record. */
function paytablePayout(rules: GameRules, bet: BetRecord, outcome: Outcome, path: string): number | Finding {
  if (rules.spotKind(bet.spot) === null) return { check: Check.Payouts, field: `${path}.spot`, message: `no spot ${JSON.stringify(bet.spot)} in ${rules.rulesVersion}` };
  try {
    return rules.payoutMinor(bet.spot, bet.amountMinor, outcome);
  } catch (error) {
    return { check: Check.Payouts, field: 'outcome', message: `the paytable cannot read this outcome: ${(error as Error).message}` };
  }
}

function checkBetStatus(record: RoundRecord, bet: BetRecord, path: string): Finding | null {
  const allowed = record.status === RoundStatus.Settled ? BetStatus.Settled : BetStatus.Refunded;
  const cancelled = bet.cancelledAt !== null;
  if (cancelled && bet.status !== BetStatus.Cancelled) return { check: Check.Format, field: `${path}.status`, message: 'a bet with cancelledAt is cancelled' };
  if (!cancelled && bet.status !== allowed) {
    return {
      check: Check.Format,
      field: bet.status === BetStatus.Cancelled ? `${path}.cancelledAt` : `${path}.status`,
      message: `a live bet of a ${record.status} round is ${allowed}`,
    };
  }
  if (bet.status !== BetStatus.Settled && bet.payoutMinor !== null) return { check: Check.Payouts, field: `${path}.payoutMinor`, message: `a ${bet.status} bet has no payout` };
  if (bet.status === BetStatus.Settled && bet.payoutMinor === null) return { check: Check.Payouts, field: `${path}.payoutMinor`, message: 'a settled bet has a payout' };
  return null;
}

type BlockEntry = { transfer: TransferRecord; path: string; wallet: string };

/** Payouts against the paytable, and every bet's ledger movements. */
export function checkBets(record: RoundRecord): Finding[] {
  const findings: Finding[] = [];
  // Payouts are only recomputed under the rules version the record names (checkFairness reports a mismatch).
  const game = gameOf(record);
  const rules = game && game.rulesVersion === record.rulesVersion ? game : null;
  const outcome = record.outcome as Outcome | null;
  const block: BlockEntry[] = [];
  const ids = new Set<number>();
  let escrowNet = 0;
  const escrow = accountName('escrow', record.tableId);
  // A blackjack extra stake with no decision behind it is named here, before the paytable trips over it.
  const stakes = checkBlackjackStakes(record);
  for (const [index, bet] of record.bets.entries()) {
    const path = `bets[${index}]`;
    const status = stakes.bets.get(index) ?? checkBetStatus(record, bet, path);
    if (status) {
      findings.push(status);
      continue;
    }
    let payout = bet.payoutMinor;
    if (bet.status === BetStatus.Settled && rules && outcome) {
      const computed = paytablePayout(rules, bet, outcome, path);
      if (typeof computed !== 'number') {
        findings.push(computed);
        continue;
      }
      if (computed !== bet.payoutMinor) {
        findings.push({ check: Check.Payouts, field: `${path}.payoutMinor`, message: `the paytable gives ${computed} for ${bet.amountMinor} on ${bet.spot}` });
      }
      payout = computed;
    }
    const expected = expectedTransfers(record, bet, payout);
    const wallet = accountName('wallet', bet.playerId);
    findings.push(...checkTransfers(bet, expected, wallet, path));
    for (const [position, transfer] of bet.transfers.entries()) {
      const transferPath = `${path}.transfers[${position}]`;
      if (ids.has(transfer.id)) findings.push({ check: Check.Ledger, field: `${transferPath}.id`, message: `transfer ${transfer.id} appears twice` });
      ids.add(transfer.id);
      if (transfer.to === escrow) escrowNet += transfer.amountMinor;
      if (transfer.from === escrow) escrowNet -= transfer.amountMinor;
      if (settlementKinds.has(transfer.kind)) block.push({ transfer, path: transferPath, wallet });
    }
  }
  findings.push(...stakes.missing);
  if (findings.length === 0 && escrowNet !== 0) {
    findings.push({ check: Check.Ledger, field: 'bets', message: `the table's escrow does not net to zero over the round (${escrowNet})` });
  }
  if (findings.length === 0) findings.push(...checkSettlementBlock(block));
  return findings;
}

/** One bet's transfers: exactly the expected ones, in ledger order, with consistent wallet balances. */
function checkTransfers(bet: BetRecord, expected: readonly ExpectedTransfer[], wallet: string, path: string): Finding[] {
  const findings: Finding[] = [];
  const fields = ['key', 'kind', 'from', 'to', 'amountMinor'] as const;
  for (let position = 0; position < Math.max(expected.length, bet.transfers.length); position++) {
    const want = expected[position];
    const got = bet.transfers[position];
    const transferPath = `${path}.transfers[${position}]`;
    if (!want || !got) {
      findings.push({ check: Check.Ledger, field: want ? `${path}.transfers` : transferPath, message: `expected ${expected.length} transfers: ${expected.map((t) => t.key).join(', ')}` });
      return findings;
    }
    for (const field of fields) {
      if (got[field] !== want[field]) {
        findings.push({ check: Check.Ledger, field: `${transferPath}.${field}`, message: `expected ${JSON.stringify(want[field])}` });
        return findings;
      }
    }
    const previous = bet.transfers[position - 1];
    if (previous && got.id <= previous.id) findings.push({ check: Check.Ledger, field: `${transferPath}.id`, message: 'transfers are listed in ledger order' });
    const touches = got.from === wallet || got.to === wallet;
    if (touches !== (got.walletBalanceAfterMinor !== null)) {
      findings.push({
        check: Check.Ledger,
        field: `${transferPath}.walletBalanceAfterMinor`,
        message: touches ? 'a transfer touching the wallet records its balance' : 'only transfers touching the wallet record a balance',
      });
    }
  }
  if (findings.length > 0) return findings;
  const stake = bet.transfers[0];
  if (stake?.walletBalanceAfterMinor != null && bet.balanceBeforeMinor !== stake.walletBalanceAfterMinor + bet.amountMinor) {
    findings.push({ check: Check.Ledger, field: `${path}.balanceBeforeMinor`, message: `the stake transfer left ${stake.walletBalanceAfterMinor} after taking ${bet.amountMinor}` });
  }
  const last = bet.transfers.findLast((transfer) => transfer.walletBalanceAfterMinor !== null);
  if (last && bet.balanceAfterMinor !== last.walletBalanceAfterMinor) {
    findings.push({ check: Check.Ledger, field: `${path}.balanceAfterMinor`, message: `the bet's last wallet transfer left ${String(last.walletBalanceAfterMinor)}` });
  }
  return findings;
}

/**
 * Settlement (or void) transfers are made in one transaction: their ids are
 * consecutive, and within them each wallet's balance moves by exactly each
 * transfer's amount.
 */
function checkSettlementBlock(block: BlockEntry[]): Finding[] {
  block.sort((a, b) => a.transfer.id - b.transfer.id);
  const balances = new Map<string, number>();
  for (const [position, entry] of block.entries()) {
    const previous = block[position - 1];
    if (previous && entry.transfer.id !== previous.transfer.id + 1) {
      return [{ check: Check.Ledger, field: `${entry.path}.id`, message: `settlement transfers are consecutive: expected ${previous.transfer.id + 1}` }];
    }
    const after = entry.transfer.walletBalanceAfterMinor;
    if (after === null) continue;
    const delta = entry.transfer.to === entry.wallet ? entry.transfer.amountMinor : -entry.transfer.amountMinor;
    const before = balances.get(entry.wallet);
    if (before !== undefined && after !== before + delta) {
      return [{ check: Check.Ledger, field: `${entry.path}.walletBalanceAfterMinor`, message: `the wallet held ${before}, so ${before + delta} after this transfer` }];
    }
    balances.set(entry.wallet, after);
  }
  return [];
}
