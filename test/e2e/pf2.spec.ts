// pf2 (docs/PF2.md) in real browsers: the operator creates a pf2 roulette
// table, players on their own devices bet (each bet carrying the page's
// commitment), the dealer closes, every page checks the signed freeze and
// reveals its secret by itself, the round resolves from the reveals, and each
// page's check of the published proof passes. A page whose link is down for
// the whole reveal window cannot reveal, and once back it sees itself listed
// as withheld, its bets having stood. The console's new-table form starts on
// pf2, the default scheme.
import { readFileSync } from 'node:fs';
import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import { JOIN_CREDIT_MINOR, expectRoundVerifies, joinTable, openConsole, openDevicePage, operatorApi, serveForSpecFile } from './steps.ts';

const served = serveForSpecFile();

// The console link is good for one login, so one dealer's console runs both tests.
let dealer: Page;
test.beforeAll(async ({ browser }) => {
  dealer = await openConsole(browser, { consoleUrl: served().consoleUrl });
  await expect(dealer).toHaveURL(/\/console\/(#.*)?$/);
});


/**
 * Creates a pf2 roulette table and opens its first round; returns its id and
 * invite link. The longest reveal window, so a loaded machine never makes an
 * online page late; a window every page reveals in closes at once anyway.
 */
async function createPf2Table(dealer: Page, name: string, revealWindowMs = 5_000): Promise<{ tableId: string; inviteUrl: string }> {
  const created = await operatorApi<{ table: { id: string } }>(dealer, 'POST', '/api/operator/tables', {
    name,
    game: 'roulette-eu',
    minBetMinor: 100,
    maxSpotMinor: 50_000,
    maxRoundMinor: 200_000,
    joinCreditMinor: JOIN_CREDIT_MINOR,
    fairness: 'pf2',
    revealWindowMs,
  });
  expect(created.status).toBe(201);
  const tableId = created.body.table.id;
  const invite = await operatorApi<{ url: string }>(dealer, 'GET', `/api/operator/tables/${tableId}/invite`);
  expect(invite.status).toBe(200);
  return { tableId, inviteUrl: invite.body.url };
}

async function act(dealer: Page, tableId: string, action: 'open' | 'close'): Promise<void> {
  expect((await operatorApi(dealer, 'POST', `/api/operator/tables/${tableId}/actions`, { action })).status).toBe(200);
}

async function bet(player: Page, chip: number, spot: string): Promise<void> {
  await player.getByTestId(`chip-${chip}`).click();
  await player.locator(`[data-spot="${spot}"]`).click();
  await expect(player.locator(`[data-spot="${spot}"]`)).toHaveAttribute('data-confirmed-minor', String(chip));
}

/**
 * The player's table link, passed through a route the test can cut: while
 * cut, the open socket is dropped and every reconnect refused, as on a train
 * in a tunnel (context.setOffline alone leaves WebSockets up).
 */
async function cuttableLink(player: Page): Promise<{ cut: () => Promise<void>; restore: () => Promise<void> }> {
  const links: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  let down = false;
  await player.routeWebSocket(/\/ws\/player/, (socket) => {
    if (down) return void socket.close({ code: 1001, reason: 'offline' });
    links.push({ page: socket, server: socket.connectToServer() });
  });
  return {
    cut: async () => {
      down = true;
      await player.context().setOffline(true);
      for (const link of links.splice(0)) {
        await link.server.close();
        await link.page.close({ code: 1001, reason: 'offline' });
      }
    },
    restore: async () => {
      down = false;
      // Going online fires the page's `online` event, which skips the reconnect backoff.
      await player.context().setOffline(false);
    },
  };
}

test('the new-table form starts on pf2 for every game, keeps a pf1 the dealer picked, and a table made from its defaults runs pf2', async () => {
  const fairness = dealer.getByTestId('new-table-fairness');
  const game = dealer.getByRole('combobox', { name: 'Game', exact: true });
  await expect(fairness).toHaveValue('pf2');
  await expect(dealer.getByTestId('new-table-reveal-window')).toBeVisible();
  await game.selectOption('blackjack');
  await expect(fairness).toHaveValue('pf2');
  await fairness.selectOption('pf1');
  await game.selectOption('baccarat');
  await expect(fairness).toHaveValue('pf1');
  await fairness.selectOption('pf2');
  await game.selectOption('roulette-eu');
  await dealer.getByTestId('new-table-name').fill('E2E default');
  await dealer.getByTestId('new-table-submit').click();
  await expect(dealer.locator('[data-testid=table-item][data-table-name="E2E default"]')).toBeVisible();
  const listed = await operatorApi<{ tables: { name: string; config: { fairness: string } }[] }>(dealer, 'GET', '/api/operator/tables');
  expect(listed.body.tables.find((table) => table.name === 'E2E default')?.config.fairness).toBe('pf2');
});

test('pf2: two pages bet, the dealer closes, both reveal by themselves, and both verify', async ({ browser }) => {
  const { tableId, inviteUrl } = await createPf2Table(dealer, 'E2E pf2 Roulette');

  const alice = await openDevicePage(browser, { viewport: { width: 390, height: 844 } });
  const bruno = await openDevicePage(browser);
  await joinTable(alice, { inviteUrl, name: 'Alice' });
  await joinTable(bruno, { inviteUrl, name: 'Bruno' });
  await act(dealer, tableId, 'open');
  for (const player of [alice, bruno]) await expect(player.getByTestId('phase')).toHaveAttribute('data-phase', 'betting');

  await bet(alice, 500, 'red');
  await bet(bruno, 100, 'straight:17');
  for (const player of [alice, bruno]) {
    await expect(player.getByTestId('pf2-round')).toHaveAttribute('data-status', 'committed');
    await expect(player.getByTestId('pf2-commitment')).toHaveText(/^[0-9a-f]{12}…$/);
    await expect(player.getByTestId('pf2-secret')).toContainText('kept on this device');
  }

  await act(dealer, tableId, 'close');
  for (const player of [alice, bruno]) {
    await expect(player.getByTestId('pf2-check')).toHaveAttribute('data-ok', 'true');
    await expect(player.getByTestId('pf2-round')).toHaveAttribute('data-status', 'acknowledged');
    await expect(player.getByTestId('pf2-secret')).toHaveText(/^[0-9a-f]{32}$/);
    await expect(player.getByTestId('pf2-freeze')).toHaveText(/^[0-9a-f]{12}…$/);
  }
  // Both revealed, so the window closes at once with nobody withheld.
  for (const player of [alice, bruno]) {
    await expect(player.getByTestId('pf2-revealed')).toHaveText('2 revealed, 0 withheld');
    await expect(player.getByTestId('last-result')).toHaveAttribute('data-pocket', /^\d+$/);
    await expect(player.getByTestId('pf2-audit')).toHaveAttribute('data-ok', 'true');
    await expect(player.getByTestId('pf2-audit')).toHaveAttribute('data-status', 'revealed');
    await expect(player.getByTestId('pf2-alarm')).toHaveCount(0);
    await expectRoundVerifies(player, { round: 1 });
    await expect(player.getByTestId('verify-pf2')).toHaveAttribute('data-withheld', 'false');
  }
  // Both see the same signed freeze.
  expect(await alice.getByTestId('pf2-freeze').getAttribute('title')).toBe(await bruno.getByTestId('pf2-freeze').getAttribute('title'));
  // The download hands an auditor the signed statements exactly as received.
  const downloading = alice.waitForEvent('download');
  await alice.getByTestId('pf2-download').click();
  const saved = await (await downloading).path();
  const evidence = JSON.parse(readFileSync(saved, 'utf8')) as { tableId: string; rounds: { round: number; secret: string | null; statements: Record<string, { kind: string; sig: string } | null> }[] };
  expect(evidence.tableId).toBe(tableId);
  const first = evidence.rounds.find((round) => round.round === 1);
  expect(first?.secret).toMatch(/^[0-9a-f]{32}$/);
  expect(first?.statements.freeze).toMatchObject({ kind: 'pf2.freeze', sig: expect.any(String) });
  expect(first?.statements.reveal).toMatchObject({ kind: 'pf2.reveal', sig: expect.any(String) });
  expect(first?.statements.revealed).toMatchObject({ kind: 'pf2.revealed', sig: expect.any(String) });
});

test('pf2: a page offline through the reveal window sees itself listed as withheld, its bet settled', async ({ browser }) => {
  const { tableId, inviteUrl } = await createPf2Table(dealer, 'E2E pf2 Withheld');

  const carla = await openDevicePage(browser);
  const dario = await openDevicePage(browser);
  const darioLink = await cuttableLink(dario);
  await joinTable(carla, { inviteUrl, name: 'Carla' });
  await joinTable(dario, { inviteUrl, name: 'Dario' });
  await act(dealer, tableId, 'open');
  for (const player of [carla, dario]) await expect(player.getByTestId('phase')).toHaveAttribute('data-phase', 'betting');
  await bet(carla, 100, 'black');
  await bet(dario, 100, 'odd');
  await expect(dario.getByTestId('pf2-round')).toHaveAttribute('data-status', 'committed');

  await darioLink.cut();
  await expect(dario.getByTestId('connection')).not.toHaveAttribute('data-state', 'connected');
  await act(dealer, tableId, 'close');
  await expect(carla.getByTestId('pf2-round')).toHaveAttribute('data-status', 'acknowledged');
  // Dario never revealed: the window runs its full 5 s, then the round resolves without his secret.
  await expect(carla.getByTestId('pf2-revealed')).toHaveText('1 revealed, 1 withheld', { timeout: 15_000 });
  await expect(carla.getByTestId('last-result')).toHaveAttribute('data-pocket', /^\d+$/);
  await expect(carla.getByTestId('pf2-audit')).toHaveAttribute('data-status', 'revealed');
  await expect(carla.getByTestId('pf2-audit')).toHaveAttribute('data-ok', 'true');
  await expectRoundVerifies(carla, { round: 1 });

  await darioLink.restore();
  await expect(dario.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(dario.getByTestId('pf2-round')).toHaveAttribute('data-status', 'withheld');
  await expect(dario.getByTestId('pf2-audit')).toHaveAttribute('data-status', 'withheld');
  // Being withheld is not misbehaviour he can prove (he never sent his secret), so no alarm, just the fact.
  await expect(dario.getByTestId('pf2-audit')).toHaveAttribute('data-ok', 'true');
  await expect(dario.getByTestId('pf2-audit')).toContainText('listed as withheld');
  await expect(dario.getByTestId('pf2-alarm')).toHaveCount(0);
  await expectRoundVerifies(dario, { round: 1 });
  await expect(dario.getByTestId('verify-pf2')).toHaveAttribute('data-withheld', 'true');
  // His bet stood and settled: the balance is his credit less the stake, plus any win.
  const balance = Number(await dario.getByTestId('balance').getAttribute('data-balance-minor'));
  expect([JOIN_CREDIT_MINOR - 100, JOIN_CREDIT_MINOR + 100]).toContain(balance);
});
