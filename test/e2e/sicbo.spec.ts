// Sic bo in a real browser: the dealer creates the table, a player joins and
// spreads bets over the layout (Big, a single number, a total, a
// combination, a double, a triple), the dealer throws; the player sees the
// dice, the history, and the balance the shared paytable gives for the pf1
// throw.
import { expect, test } from '@playwright/test';
import { gameRules } from '../../src/shared/games/index.ts';
import { isSicboOutcome } from '../../src/shared/games/sicbo.ts';
import { closeAndDeal, createTable, expectConfirmedBets, expectRoundVerifies, fetchRoundProof, joinTable, openBetting, openConsole, openDevicePage, readInviteUrl, serveForSpecFile } from './steps.ts';

const served = serveForSpecFile();

test('a dealer throws sic bo; the player sees the dice and is paid by the paytable', async ({ browser }) => {
  const dealer = await openConsole(browser, { consoleUrl: served().consoleUrl });
  await createTable(dealer, { name: 'E2E Sic Bo', game: 'sicbo' });
  const inviteUrl = await readInviteUrl(dealer);

  const player = await openDevicePage(browser, { viewport: { width: 1280, height: 900 } });
  await joinTable(player, { inviteUrl, name: 'Elena' });
  // The whole standard layout: 4 even-money bets, 6 doubles, 6 triples, any triple, 14 totals, 15 combinations, 6 singles.
  await expect(player.locator('[data-spot]')).toHaveCount(4 + 6 + 6 + 1 + 14 + 15 + 6);
  await expect(player.locator('[data-spot="total:4"]')).toContainText('60:1');
  await expect(player.locator('[data-spot="single:3"]')).toContainText('3:1');

  await openBetting(dealer, { players: [player] });
  await player.getByTestId('chip-500').click();
  await player.locator('[data-spot="big"]').click();
  await player.getByTestId('chip-100').click();
  const bets: Record<string, number> = { big: 500, 'single:3': 100, 'total:10': 100, 'combo:1-2': 100, 'double:2': 100, 'triple:6': 100 };
  for (const spot of Object.keys(bets)) if (spot !== 'big') await player.locator(`[data-spot="${spot}"]`).click();
  await expectConfirmedBets(player, bets);
  const staked = Object.values(bets).reduce((sum, amount) => sum + amount, 0);
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(100_000 - staked));

  await closeAndDeal(dealer);
  await expect(dealer.getByTestId('round-outcome')).toHaveAttribute('data-dice', /^[1-6],[1-6],[1-6]$/);
  const dice = await dealer.getByTestId('round-outcome').getAttribute('data-dice');

  const proof = await fetchRoundProof(player, { round: 1 });
  const outcome = proof.outcome;
  if (outcome === null || !isSicboOutcome(outcome)) throw new Error(`no sic bo outcome: ${JSON.stringify(outcome)}`);
  expect(outcome.dice.join(',')).toBe(dice);
  const paid = Object.entries(bets).reduce((sum, [spot, amount]) => sum + gameRules('sicbo').payoutMinor(spot, amount, outcome), 0);

  const result = player.getByTestId('last-result');
  await expect(result).toHaveAttribute('data-round', '1');
  await expect(result).toHaveAttribute('data-dice', outcome.dice.join(','));
  // Three dice drawn with their faces, in the order thrown.
  const faces = await result.locator('.dice-bowl [data-face]').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-face'))));
  expect(faces).toEqual(outcome.dice);
  await expect(player.getByTestId('last-payout')).toHaveAttribute('data-payout-minor', String(paid));
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(100_000 - staked + paid));
  for (const bet of proof.bets) expect(bet.payoutMinor).toBe(gameRules('sicbo').payoutMinor(bet.spot, bet.amountMinor, outcome));

  const entry = player.locator('[data-testid=sicbo-history] [data-round="1"]');
  await expect(entry).toHaveAttribute('data-dice', outcome.dice.join(','));
  await expect(entry).toHaveAttribute('data-total', String(outcome.dice.reduce((sum, die) => sum + die, 0)));
  await expect(dealer.getByTestId('ledger-sum')).toHaveAttribute('data-sum-minor', '0');

  await expectRoundVerifies(player, { round: 1 });
});
