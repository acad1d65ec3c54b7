// Dragon Tiger in a real browser, on a phone: the dealer creates the table,
// a player joins and bets Dragon, Tie and Suited Tie, the dealer deals; the
// player sees both cards, the results road, and the balance the shared
// paytable gives for the pf1 outcome (half back on Dragon when it ties).
import { expect, test } from '@playwright/test';
import { gameRules } from '../../src/shared/games/index.ts';
import { isDragonTigerOutcome } from '../../src/shared/games/dragon-tiger.ts';
import { closeAndDeal, createTable, expectConfirmedBets, expectRoundVerifies, fetchRoundProof, joinTable, openBetting, openConsole, openDevicePage, readInviteUrl, serveForSpecFile } from './steps.ts';

const served = serveForSpecFile();

test('a dealer deals dragon tiger; the player on a phone is paid by the paytable', async ({ browser }) => {
  const dealer = await openConsole(browser, { consoleUrl: served().consoleUrl });
  await createTable(dealer, { name: 'E2E Dragon Tiger', game: 'dragon-tiger' });
  const inviteUrl = await readInviteUrl(dealer);

  const player = await openDevicePage(browser, { viewport: { width: 390, height: 844 } });
  await joinTable(player, { inviteUrl, name: 'Dmitri' });
  await expect(player.locator('[data-spot="suited-tie"]')).toContainText('50:1');
  await expect(player.getByText('Dragon/Tiger lose half on a tie')).toBeVisible();

  await openBetting(dealer, { players: [player] });
  await player.getByTestId('chip-500').click();
  await player.locator('[data-spot="dragon"]').click();
  await player.locator('[data-spot="dragon"]').click();
  await player.getByTestId('chip-100').click();
  await player.locator('[data-spot="tie"]').click();
  await player.locator('[data-spot="suited-tie"]').click();
  const bets: Record<string, number> = { dragon: 1000, tie: 100, 'suited-tie': 100 };
  await expectConfirmedBets(player, bets);
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', '98800');

  await closeAndDeal(dealer);
  await expect(dealer.getByTestId('round-outcome')).toHaveAttribute('data-winner', /^(dragon|tiger|tie)$/);
  const winner = await dealer.getByTestId('round-outcome').getAttribute('data-winner');

  const proof = await fetchRoundProof(player, { round: 1 });
  const outcome = proof.outcome;
  if (outcome === null || !isDragonTigerOutcome(outcome)) throw new Error(`no dragon tiger outcome: ${JSON.stringify(outcome)}`);
  expect(outcome.winner).toBe(winner);
  const paid = Object.entries(bets).reduce((sum, [spot, amount]) => sum + gameRules('dragon-tiger').payoutMinor(spot, amount, outcome), 0);

  const result = player.getByTestId('last-result');
  await expect(result).toHaveAttribute('data-round', '1');
  await expect(result).toHaveAttribute('data-winner', outcome.winner);
  await expect(result).toHaveAttribute('data-dragon', outcome.dragon);
  await expect(result).toHaveAttribute('data-tiger', outcome.tiger);
  await expect(result.locator(`.hand-dragon [data-card="${outcome.dragon}"]`)).toBeVisible();
  await expect(result.locator(`.hand-tiger [data-card="${outcome.tiger}"]`)).toBeVisible();
  await expect(player.getByTestId('last-payout')).toHaveAttribute('data-payout-minor', String(paid));
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(98_800 + paid));
  for (const bet of proof.bets) expect(bet.payoutMinor).toBe(gameRules('dragon-tiger').payoutMinor(bet.spot, bet.amountMinor, outcome));

  await expect(player.locator('[data-testid=dragon-tiger-history] [data-round="1"]').first()).toHaveAttribute('data-winner', outcome.winner);
  await expect(dealer.getByTestId('ledger-sum')).toHaveAttribute('data-sum-minor', '0');

  await expectRoundVerifies(player, { round: 1 });
});
