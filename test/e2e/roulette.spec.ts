// The whole product in a real browser: the dealer's console in one page and
// two players on their own devices (separate browser contexts). Create a
// table, invite, join, bet, spin: both see the result and the right balances.
import { expect, test, type Page } from '@playwright/test';
import { rouletteSpots } from '../../src/shared/games/roulette.ts';
import { closeAndDeal, createTable, expectRoundVerifies, joinTable, openBetting, openConsole, openDevicePage, readInviteUrl, serveForSpecFile } from './steps.ts';

const served = serveForSpecFile();

async function balanceOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('balance').getAttribute('data-balance-minor'));
}

test('a dealer runs a roulette round for two players', async ({ browser }) => {
  const dealer = await openConsole(browser, { consoleUrl: served().consoleUrl });
  await expect(dealer).toHaveURL(/\/console\/(#.*)?$/);
  await createTable(dealer, { name: 'E2E Roulette' });
  const inviteUrl = await readInviteUrl(dealer);
  expect(inviteUrl).toMatch(/\/player\/#invite=/);

  const alice = await openDevicePage(browser, { viewport: { width: 390, height: 844 } });
  const bruno = await openDevicePage(browser);
  await joinTable(alice, { inviteUrl, name: 'Alice' });
  await joinTable(bruno, { inviteUrl, name: 'Bruno' });

  await openBetting(dealer, { players: [alice, bruno] });
  await expect(dealer.getByTestId('round-phase')).toHaveAttribute('data-phase', 'betting');

  await alice.getByTestId('chip-500').click();
  await alice.locator('[data-spot="red"]').click();
  await expect(alice.locator('[data-spot="red"]')).toHaveAttribute('data-confirmed-minor', '500');
  await bruno.getByTestId('chip-100').click();
  await bruno.locator('[data-spot="straight:17"]').click();
  await bruno.locator('[data-spot="dozen:2"]').click();
  await expect(bruno.locator('[data-spot="dozen:2"]')).toHaveAttribute('data-confirmed-minor', '100');
  await expect(alice.getByTestId('balance')).toHaveAttribute('data-balance-minor', '99500');
  await expect(bruno.getByTestId('balance')).toHaveAttribute('data-balance-minor', '99800');
  // Each sees the other's bets.
  await expect(alice.getByTestId('table-bets')).toContainText('Bruno');
  await expect(bruno.getByTestId('table-bets')).toContainText('Alice');
  // The dealer reads the spots as the players do, not as protocol ids.
  await expect(dealer.getByTestId('live-bets')).toContainText('Straight 17');
  await expect(dealer.getByTestId('live-bets')).toContainText('2nd 12');
  await expect(dealer.getByTestId('live-bets')).not.toContainText('straight:17');

  await closeAndDeal(dealer);
  await expect(dealer.getByTestId('round-outcome')).toHaveAttribute('data-pocket', /\d+/);
  const pocket = Number(await dealer.getByTestId('round-outcome').getAttribute('data-pocket'));

  const returned = (spot: string, amount: number) => (rouletteSpots.get(spot)!.pockets.includes(pocket) ? amount * (rouletteSpots.get(spot)!.payout + 1) : 0);
  const expectedAlice = 99_500 + returned('red', 500);
  const expectedBruno = 99_800 + returned('straight:17', 100) + returned('dozen:2', 100);
  for (const [player, expected, paid] of [
    [alice, expectedAlice, returned('red', 500)],
    [bruno, expectedBruno, returned('straight:17', 100) + returned('dozen:2', 100)],
  ] as const) {
    await expect(player.getByTestId('last-result')).toHaveAttribute('data-pocket', String(pocket));
    await expect(player.getByTestId('last-payout')).toHaveAttribute('data-payout-minor', String(paid));
    await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(expected));
  }
  expect(await balanceOf(alice)).toBe(expectedAlice);

  // The dealer's console agrees to the cent, and the ledger sums to zero.
  await expect(dealer.locator('[data-testid=player-row][data-player-name="Alice"] [data-testid=player-balance]')).toHaveAttribute(
    'data-balance-minor',
    String(expectedAlice),
  );
  await expect(dealer.locator('[data-testid=player-row][data-player-name="Bruno"] [data-testid=player-balance]')).toHaveAttribute(
    'data-balance-minor',
    String(expectedBruno),
  );
  await expect(dealer.getByTestId('ledger-sum')).toHaveAttribute('data-sum-minor', '0');
  await expect(dealer.locator('[data-testid=history-row][data-round="1"]')).toBeVisible();

  // Anyone can verify the round in the page itself.
  await expectRoundVerifies(alice, { round: 1 });
});
