// The whole product in a real browser: the dealer's console in one page and
// two players on their own devices (separate browser contexts). Create a
// table, invite, join, bet, spin: both see the result and the right balances.
import { expect, test, type Page } from '@playwright/test';
import { rouletteSpots } from '../../src/shared/games/roulette.ts';
import { startServe, type ServedPitboss } from './serve.ts';

let served: ServedPitboss;
test.beforeAll(async () => {
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
});

async function balanceOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('balance').getAttribute('data-balance-minor'));
}

async function join(page: Page, inviteUrl: string, name: string): Promise<void> {
  await page.goto(inviteUrl);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('balance')).toHaveAttribute('data-balance-minor', '100000');
}

test('a dealer runs a roulette round for two players', async ({ browser }) => {
  const dealer = await (await browser.newContext()).newPage();
  await dealer.goto(served.consoleUrl);
  await expect(dealer).toHaveURL(/\/console\/(#.*)?$/);
  await dealer.getByTestId('new-table-name').fill('E2E Roulette');
  await dealer.getByTestId('new-table-submit').click();
  await dealer.locator('[data-testid=table-item][data-table-name="E2E Roulette"]').click();
  const panel = dealer.getByTestId('table-panel');
  await expect(panel).toBeVisible();
  const inviteUrl = (await dealer.getByTestId('invite-url').textContent())?.trim() ?? '';
  expect(inviteUrl).toMatch(/\/player\/#invite=/);

  const alice = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const bruno = await (await browser.newContext()).newPage();
  await join(alice, inviteUrl, 'Alice');
  await join(bruno, inviteUrl, 'Bruno');

  await dealer.getByTestId('action-open').click();
  await expect(dealer.getByTestId('round-phase')).toHaveAttribute('data-phase', 'betting');
  for (const player of [alice, bruno]) await expect(player.getByTestId('phase')).toHaveAttribute('data-phase', 'betting');

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

  await dealer.getByTestId('action-close').click();
  await expect(dealer.getByTestId('round-phase')).toHaveAttribute('data-phase', 'closed');
  await dealer.getByTestId('action-spin').click();
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
  await alice.locator('[data-testid=verify-round][data-round="1"]').click();
  await expect(alice.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
});
