// Baccarat in a real browser: the dealer creates a baccarat table in the
// console, a player joins, bets with chips, Double, Undo and (next round)
// Rebet, the dealer deals; the player sees the hands, the roads and a balance
// that is exactly what the shared paytable pays for the outcome pf1 gave.
import { expect, test, type Page } from '@playwright/test';
import type { BaccaratOutcome } from '../../src/shared/protocol.ts';
import { gameRules } from '../../src/shared/games/index.ts';
import { isBaccaratOutcome } from '../../src/shared/games/baccarat.ts';
import { closeAndDeal, createTable, expectConfirmedBets, expectRoundVerifies, fetchRoundProof, joinTable, openBetting, openConsole, openDevicePage, readInviteUrl, serveForSpecFile } from './steps.ts';

const served = serveForSpecFile();

type Bets = Record<string, number>;

const returned = (bets: Bets, outcome: BaccaratOutcome): number =>
  Object.entries(bets).reduce((sum, [spot, amount]) => sum + gameRules('baccarat').payoutMinor(spot, amount, outcome), 0);

const staked = (bets: Bets): number => Object.values(bets).reduce((sum, amount) => sum + amount, 0);

/** Close, deal, and check everything the player sees against the published outcome and the paytable. */
async function dealAndCheck(dealer: Page, player: Page, round: number, bets: Bets, before: number): Promise<number> {
  await closeAndDeal(dealer);
  await expect(dealer.getByTestId('round-outcome')).toHaveAttribute('data-winner', /^(player|banker|tie)$/);
  const winner = await dealer.getByTestId('round-outcome').getAttribute('data-winner');

  const proof = await fetchRoundProof(player, { round });
  expect(proof.game).toBe('baccarat');
  const outcome = proof.outcome;
  if (outcome === null || !isBaccaratOutcome(outcome)) throw new Error(`round ${round} has no baccarat outcome: ${JSON.stringify(outcome)}`);
  expect(outcome.winner).toBe(winner);

  const paid = returned(bets, outcome);
  const expected = before - staked(bets) + paid;
  const result = player.getByTestId('last-result');
  await expect(result).toHaveAttribute('data-round', String(round));
  await expect(result).toHaveAttribute('data-winner', outcome.winner);
  await expect(result).toHaveAttribute('data-player', outcome.player.join(','));
  await expect(result).toHaveAttribute('data-banker', outcome.banker.join(','));
  await expect(result).toHaveAttribute('data-player-total', String(outcome.playerTotal));
  await expect(result).toHaveAttribute('data-banker-total', String(outcome.bankerTotal));
  // The cards are drawn in the order they were dealt: P1 B1 P2 B2, then the third cards.
  await expect(result.locator('.hand-player [data-card]')).toHaveCount(outcome.player.length);
  await expect(result.locator('.hand-banker [data-card]')).toHaveCount(outcome.banker.length);
  await expect(player.getByTestId('last-payout')).toHaveAttribute('data-payout-minor', String(paid));
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(expected));
  // The server settled each bet exactly as the shared paytable says.
  for (const bet of proof.bets) expect(bet.payoutMinor).toBe(gameRules('baccarat').payoutMinor(bet.spot, bet.amountMinor, outcome));

  // The roads have the hand.
  await expect(player.locator(`[data-testid=baccarat-bead-plate] [data-round="${round}"]`)).toHaveAttribute('data-winner', outcome.winner);
  return expected;
}

test('a dealer deals baccarat; the player bets, sees the coup and the roads, and is paid by the paytable', async ({ browser }) => {
  const dealer = await openConsole(browser, { consoleUrl: served().consoleUrl });
  await createTable(dealer, { name: 'E2E Baccarat', game: 'baccarat' });
  const inviteUrl = await readInviteUrl(dealer);
  expect(inviteUrl).toMatch(/\/player\/#invite=/);

  const player = await openDevicePage(browser, { viewport: { width: 1280, height: 900 } });
  await joinTable(player, { inviteUrl, name: 'Carla' });
  // The baccarat layout, with the Banker's price, instead of a roulette board.
  await expect(player.locator('[data-spot="banker"]')).toContainText('pays 0.95:1');
  for (const spot of ['player', 'tie', 'player-pair', 'banker-pair']) await expect(player.locator(`[data-spot="${spot}"]`)).toBeVisible();
  await expect(player.locator('[data-spot="red"]')).toHaveCount(0);
  await expect(player.getByTestId('baccarat-bead-plate')).toBeVisible();
  await expect(player.getByTestId('baccarat-big-road')).toBeVisible();

  // Round 1: chips, then Double, then Undo takes the Double back.
  await openBetting(dealer, { players: [player] });
  await player.getByTestId('chip-500').click();
  await player.locator('[data-spot="banker"]').click();
  await player.getByTestId('chip-100').click();
  await player.locator('[data-spot="tie"]').click();
  await player.locator('[data-spot="player-pair"]').click();
  const first: Bets = { banker: 500, tie: 100, 'player-pair': 100 };
  await expectConfirmedBets(player, first);
  await player.getByTestId('double').click();
  await expectConfirmedBets(player, { banker: 1000, tie: 200, 'player-pair': 200 });
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(100_000 - 1400));
  await player.getByTestId('undo').click();
  await expectConfirmedBets(player, first);
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(100_000 - 700));
  await expect(player.getByTestId('table-bets')).toContainText('Banker');

  let balance = await dealAndCheck(dealer, player, 1, first, 100_000);

  // Round 2: Rebet puts the same bets back.
  await openBetting(dealer, { players: [player] });
  await player.getByTestId('rebet').click();
  await expectConfirmedBets(player, first);
  balance = await dealAndCheck(dealer, player, 2, first, balance);

  await expect(dealer.locator('[data-testid=player-row][data-player-name="Carla"] [data-testid=player-balance]')).toHaveAttribute(
    'data-balance-minor',
    String(balance),
  );
  await expect(dealer.getByTestId('ledger-sum')).toHaveAttribute('data-sum-minor', '0');
  await expect(player.locator('[data-testid=baccarat-bead-plate] [data-round]')).toHaveCount(2);

  // pf1 verification of a baccarat round, in the page.
  await expectRoundVerifies(player, { round: 2 });
});
