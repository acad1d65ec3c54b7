// Dragon Tiger in a real browser, on a phone: the dealer creates the table,
// a player joins and bets Dragon, Tie and Suited Tie, the dealer deals; the
// player sees both cards, the results road, and the balance the shared
// paytable gives for the pf1 outcome (half back on Dragon when it ties).
import { expect, test, type Page } from '@playwright/test';
import type { RoundProof } from '../../src/shared/api.ts';
import { gameRules } from '../../src/shared/games/index.ts';
import { isDragonTigerOutcome } from '../../src/shared/games/dragon-tiger.ts';
import { startServe, type ServedPitboss } from './serve.ts';

let served: ServedPitboss;
test.beforeAll(async () => {
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
});

async function proofOf(page: Page, round: number): Promise<RoundProof> {
  return page.evaluate(async (wanted) => {
    const key = Object.keys(localStorage).find((candidate) => candidate.startsWith('pitboss.session.'));
    const session = JSON.parse(localStorage.getItem(key ?? '') ?? '{}') as { tableId: string; token: string };
    const response = await fetch(`/api/tables/${session.tableId}/rounds/${wanted}/proof`, {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    return (await response.json()) as RoundProof;
  }, round);
}

test('a dealer deals dragon tiger; the player on a phone is paid by the paytable', async ({ browser }) => {
  const dealer = await (await browser.newContext()).newPage();
  await dealer.goto(served.consoleUrl);
  await dealer.getByTestId('new-table-name').fill('E2E Dragon Tiger');
  await dealer.getByRole('combobox', { name: 'Game', exact: true }).selectOption('dragon-tiger');
  await dealer.getByTestId('new-table-submit').click();
  await dealer.locator('[data-testid=table-item][data-table-name="E2E Dragon Tiger"]').click();
  await expect(dealer.getByTestId('table-panel')).toBeVisible();
  const inviteUrl = (await dealer.getByTestId('invite-url').textContent())?.trim() ?? '';

  const player = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await player.goto(inviteUrl);
  await player.getByTestId('join-name').fill('Dmitri');
  await player.getByTestId('join-submit').click();
  await expect(player.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', '100000');
  await expect(player.locator('[data-spot="suited-tie"]')).toContainText('50:1');
  await expect(player.getByText('Dragon/Tiger lose half on a tie')).toBeVisible();

  await dealer.getByTestId('action-open').click();
  await expect(player.getByTestId('phase')).toHaveAttribute('data-phase', 'betting');
  await player.getByTestId('chip-500').click();
  await player.locator('[data-spot="dragon"]').click();
  await player.locator('[data-spot="dragon"]').click();
  await player.getByTestId('chip-100').click();
  await player.locator('[data-spot="tie"]').click();
  await player.locator('[data-spot="suited-tie"]').click();
  const bets: Record<string, number> = { dragon: 1000, tie: 100, 'suited-tie': 100 };
  for (const [spot, amount] of Object.entries(bets)) {
    await expect(player.locator(`[data-spot="${spot}"]`)).toHaveAttribute('data-confirmed-minor', String(amount));
  }
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', '98800');

  await dealer.getByTestId('action-close').click();
  await expect(dealer.getByTestId('round-phase')).toHaveAttribute('data-phase', 'closed');
  await dealer.getByTestId('action-spin').click();
  await expect(dealer.getByTestId('round-outcome')).toHaveAttribute('data-winner', /^(dragon|tiger|tie)$/);
  const winner = await dealer.getByTestId('round-outcome').getAttribute('data-winner');

  const proof = await proofOf(player, 1);
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

  await player.locator('[data-testid=verify-round][data-round="1"]').click();
  await expect(player.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
});
