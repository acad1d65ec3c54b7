// The table's stake limits as a pure check: known spots, the minimum bet, the
// per-spot and per-round maximums, counted over the player's live bets in
// the round plus the ones asked for. It decides; nothing moves until the
// caller has written the stakes and the batch has committed.
import type { TableConfig } from '../../shared/api.ts';
import { ErrorCode, type BetRequest } from '../../shared/protocol.ts';
import type { Refusal } from './bet-queue.ts';

export type StakeLimitCheck = { ok: true; requestTotal: number } | Refusal;

export function stakeLimitCheck(
  mine: readonly { spot: string; amountMinor: number }[],
  bets: readonly BetRequest[],
  config: Pick<TableConfig, 'minBetMinor' | 'maxSpotMinor' | 'maxRoundMinor'>,
  isPlaceable: (spot: string) => boolean,
): StakeLimitCheck {
  const { minBetMinor, maxSpotMinor, maxRoundMinor } = config;
  const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });
  const perSpot = new Map<string, number>();
  for (const bet of mine) perSpot.set(bet.spot, (perSpot.get(bet.spot) ?? 0) + bet.amountMinor);
  let roundTotal = mine.reduce((sum, bet) => sum + bet.amountMinor, 0);
  let requestTotal = 0;
  for (const bet of bets) {
    if (!isPlaceable(bet.spot)) return refuse(ErrorCode.UnknownSpot, `no spot "${bet.spot}" on this table`);
    if (bet.amountMinor < minBetMinor) return refuse(ErrorCode.BelowMinimum, `the minimum bet is ${minBetMinor}`);
    const onSpot = (perSpot.get(bet.spot) ?? 0) + bet.amountMinor;
    if (onSpot > maxSpotMinor) return refuse(ErrorCode.AboveSpotLimit, `at most ${maxSpotMinor} on ${bet.spot}`);
    perSpot.set(bet.spot, onSpot);
    roundTotal += bet.amountMinor;
    requestTotal += bet.amountMinor;
    if (roundTotal > maxRoundMinor) return refuse(ErrorCode.AboveRoundLimit, `at most ${maxRoundMinor} per round`);
  }
  return { ok: true, requestTotal };
}
