// The steps every game's browser test takes the same way: serve Pitboss for the
// file, open the dealer's console, create a table through the console form,
// read its invite, join players on their own devices, open and deal a round,
// fetch a round's published proof, verify a round in the page. Each spec keeps
// its own game-specific bets and assertions; these only spare it the
// boilerplate around them.
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { FairnessScheme, RoundProof } from '../../src/shared/api.ts';
import type { GameId } from '../../src/shared/protocol.ts';
import { startServe, type ServedPitboss } from './serve.ts';

/** What a player is credited on joining a table, in minor units. */
export const JOIN_CREDIT_MINOR = 100_000;

/**
 * Starts one server for the spec file (before its first test) and stops it
 * after its last, so every spec gets a fresh data folder without repeating the
 * hooks. Call at the top level of a spec; the returned function gives the
 * server once the tests run.
 */
export function serveForSpecFile(): () => ServedPitboss {
  let served: ServedPitboss | undefined;
  test.beforeAll(async () => {
    served = await startServe();
  });
  test.afterAll(async () => {
    await served?.stop();
  });
  return () => {
    if (!served) throw new Error('the server is not started: call serveForSpecFile() at the top level of the spec');
    return served;
  };
}

/** A page in a browser context of its own, as a separate device would be (no shared storage or session). */
export async function openDevicePage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
  return context.newPage();
}

/** The dealer's console, opened on its own device from the one-time console link the server printed. */
export async function openConsole(browser: Browser, options: { consoleUrl: string }): Promise<Page> {
  const dealer = await openDevicePage(browser);
  await dealer.goto(options.consoleUrl);
  return dealer;
}

/**
 * Creates a table through the console's form (as a dealer would) and selects
 * it, leaving its panel shown. Without `game` the form's default game is kept;
 * `decisionSeconds` fills the decision timer of games that have one. The
 * dealer picks pf1 unless `fairness` says otherwise: the game specs deal with
 * the Spin button and verify pf1 proofs, while the form's default is pf2.
 */
export async function createTable(dealer: Page, options: { name: string; game?: GameId; decisionSeconds?: number; fairness?: FairnessScheme }): Promise<void> {
  await dealer.getByTestId('new-table-name').fill(options.name);
  if (options.game !== undefined) await dealer.getByRole('combobox', { name: 'Game', exact: true }).selectOption(options.game);
  // After the game: picking a game moves the form to that game's default scheme.
  await dealer.getByTestId('new-table-fairness').selectOption(options.fairness ?? 'pf1');
  if (options.decisionSeconds !== undefined) await dealer.getByTestId('new-table-decision-seconds').fill(String(options.decisionSeconds));
  await dealer.getByTestId('new-table-submit').click();
  await dealer.locator(`[data-testid=table-item][data-table-name="${options.name}"]`).click();
  await expect(dealer.getByTestId('table-panel')).toBeVisible();
}

/** The selected table's invite link, as the console shows it for players to open. */
export async function readInviteUrl(dealer: Page): Promise<string> {
  return (await dealer.getByTestId('invite-url').textContent())?.trim() ?? '';
}

/** Joins a player through the invite link and waits until connected with the joining credit. */
export async function joinTable(player: Page, options: { inviteUrl: string; name: string }): Promise<void> {
  await player.goto(options.inviteUrl);
  await player.getByTestId('join-name').fill(options.name);
  await player.getByTestId('join-submit').click();
  await expect(player.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(JOIN_CREDIT_MINOR));
}

/** The dealer opens betting, and each player's page shows it. */
export async function openBetting(dealer: Page, options: { players: readonly Page[] }): Promise<void> {
  await dealer.getByTestId('action-open').click();
  for (const player of options.players) await expect(player.getByTestId('phase')).toHaveAttribute('data-phase', 'betting');
}

/** The dealer closes betting, sees it closed, and deals (spins, throws) the round. */
export async function closeAndDeal(dealer: Page): Promise<void> {
  await dealer.getByTestId('action-close').click();
  await expect(dealer.getByTestId('round-phase')).toHaveAttribute('data-phase', 'closed');
  await dealer.getByTestId('action-spin').click();
}

/** Each spot shows the amount the server confirmed for it, in minor units. */
export async function expectConfirmedBets(player: Page, bets: Readonly<Record<string, number>>): Promise<void> {
  for (const [spot, amount] of Object.entries(bets)) {
    await expect(player.locator(`[data-spot="${spot}"]`)).toHaveAttribute('data-confirmed-minor', String(amount));
  }
}

/** The round's published proof, fetched in the page with the player's own session (what the Verify button uses). */
export async function fetchRoundProof(player: Page, options: { round: number }): Promise<RoundProof> {
  return player.evaluate(async (wanted) => {
    const key = Object.keys(localStorage).find((candidate) => candidate.startsWith('pitboss.session.'));
    const session = JSON.parse(localStorage.getItem(key ?? '') ?? '{}') as { tableId: string; token: string };
    const response = await fetch(`/api/tables/${session.tableId}/rounds/${wanted}/proof`, {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    return (await response.json()) as RoundProof;
  }, options.round);
}

/** Anyone can verify a round in the page itself: the Verify button's pf1 check passes. */
export async function expectRoundVerifies(player: Page, options: { round: number }): Promise<void> {
  await player.locator(`[data-testid=verify-round][data-round="${options.round}"]`).click();
  await expect(player.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
}

type Json = Record<string, unknown>;

/** A call to the operator API from the console page itself: its cookie and session secret, its origin, like its buttons. */
export async function operatorApi<T = Json>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const secret = { 'X-Pitboss-Operator': sessionStorage.getItem('pitboss.operator-secret') ?? '' };
      const response = await fetch(path as string, {
        method: method as string,
        headers: body === undefined ? secret : { ...secret, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    [method, path, body] as const,
  ) as Promise<{ status: number; body: T }>;
}
