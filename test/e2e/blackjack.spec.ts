// Blackjack in a real browser: the dealer creates a blackjack table in the
// console (with its decision timer), two players join; Alice sits at seat 1,
// Bruno at seat 3 and bets behind Alice's seat; the dealer opens, closes and
// deals; each player decides when it is their turn (insurance too when the
// dealer shows an ace) until the round ends. Both then see the dealer's hand
// and every hand's result, and each balance is exactly what the shared
// paytable pays for that player's bets (their doubles, splits and insurance
// included) on the outcome published in the round's proof.
import { expect, test, type Page } from '@playwright/test';
import type { RoundProof } from '../../src/shared/api.ts';
import type { BlackjackOutcome } from '../../src/shared/protocol.ts';
import { gameRules } from '../../src/shared/games/index.ts';
import { isBlackjackOutcome } from '../../src/shared/games/blackjack.ts';
import { JOIN_CREDIT_MINOR, closeAndDeal, createTable, expectRoundVerifies, fetchRoundProof, joinTable, openBetting, openConsole, openDevicePage, readInviteUrl, serveForSpecFile } from './steps.ts';

const served = serveForSpecFile();

type Session = { tableId: string; token: string; playerId: string };

/** The player's stored session (what the page itself uses for the API). */
async function sessionOf(page: Page): Promise<Session> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((candidate) => candidate.startsWith('pitboss.session.'));
    return JSON.parse(localStorage.getItem(key ?? '') ?? '{}') as Session;
  });
}

const seat = (page: Page, number: number) => page.locator(`[data-testid=blackjack-seat][data-seat="${number}"]`);

/** How a player decides when the table asks: clicks at most one button, and notes what it clicked. */
type Strategy = (page: Page, decided: string[]) => Promise<void>;

async function clickIfShown(page: Page, action: string): Promise<boolean> {
  const button = page.getByTestId(`decide-${action}`);
  if (!(await button.isVisible()) || !(await button.isEnabled())) return false;
  try {
    await button.click({ timeout: 2_000 });
    return true;
  } catch {
    // The turn moved on between looking and clicking (a timer, or the other player): look again.
    return false;
  }
}

async function firstOf(page: Page, decided: string[], actions: string[]): Promise<void> {
  for (const action of actions) {
    if (await clickIfShown(page, action)) {
      decided.push(action);
      return;
    }
  }
}

/** Alice insures when asked, and doubles her first hand if the table offers it (else stands). */
const alice: Strategy = (page, decided) => firstOf(page, decided, ['insure', ...(decided.includes('double') ? [] : ['double']), 'stand']);

/** Bruno declines insurance, hits while his hand cannot bust, then stands. */
const bruno: Strategy = async (page, decided) => {
  const hit = page.getByTestId('decide-hit');
  let hitToo = false;
  if (await hit.isVisible()) {
    const hand = await hit.getAttribute('data-hand');
    const total = await page.locator(`[data-testid=blackjack-hand][data-seat="3"][data-hand="${hand}"]`).getAttribute('data-total');
    hitToo = Number(total) <= 11;
  }
  await firstOf(page, decided, ['no-insurance', ...(hitToo ? ['hit'] : []), 'stand']);
};

/** Both players answer whatever the table asks of them until the round has its result. */
async function playOut(players: { page: Page; strategy: Strategy; decided: string[] }[]): Promise<void> {
  const giveUpAt = Date.now() + 50_000;
  for (;;) {
    const phases = await Promise.all(players.map(({ page }) => page.getByTestId('phase').getAttribute('data-phase')));
    if (phases.every((phase) => phase === 'result' || phase === 'settled')) return;
    if (Date.now() > giveUpAt) throw new Error(`the round did not end: phases ${phases.join(', ')}`);
    for (const player of players) await player.strategy(player.page, player.decided);
    await players[0]!.page.waitForTimeout(150);
  }
}

const paidTo = (proof: RoundProof, playerId: string, outcome: BlackjackOutcome) => {
  const bets = proof.bets.filter((bet) => bet.playerId === playerId);
  const staked = bets.reduce((sum, bet) => sum + bet.amountMinor, 0);
  const returned = bets.reduce((sum, bet) => sum + gameRules('blackjack').payoutMinor(bet.spot, bet.amountMinor, outcome), 0);
  return { bets, staked, returned };
};

test('two players sit, bet behind, decide in turn and are paid by the blackjack paytable', async ({ browser }) => {
  test.setTimeout(120_000);
  const dealer = await openConsole(browser, { consoleUrl: served().consoleUrl });
  // Time enough for a browser to answer; a seat that runs out would stand.
  await createTable(dealer, { name: 'E2E Blackjack', game: 'blackjack', decisionSeconds: 30 });
  await expect(dealer.getByTestId('action-spin')).toContainText('Deal');
  const inviteUrl = await readInviteUrl(dealer);
  expect(inviteUrl).toMatch(/\/player\/#invite=/);

  const viewport = { width: 1280, height: 900 };
  const pageA = await openDevicePage(browser, { viewport });
  const pageB = await openDevicePage(browser, { viewport });
  await joinTable(pageA, { inviteUrl, name: 'Alice' });
  await joinTable(pageB, { inviteUrl, name: 'Bruno' });
  const alicePlayer = await sessionOf(pageA);
  const brunoPlayer = await sessionOf(pageB);

  // Seven empty seats, each with its circle and its box for bets behind; the rules as the game states them.
  await expect(pageA.locator('[data-testid=blackjack-seat]')).toHaveCount(7);
  for (const number of [1, 2, 3, 4, 5, 6, 7]) {
    await expect(seat(pageA, number)).toHaveAttribute('data-owner', '');
    await expect(seat(pageA, number).locator(`[data-spot="seat:${number}"]`)).toBeVisible();
    await expect(seat(pageA, number).locator(`[data-spot="behind:${number}"]`)).toBeVisible();
  }
  await expect(pageA.getByTestId('blackjack-rules')).toContainText('Blackjack pays 3 to 2');
  await expect(pageA.getByTestId('blackjack-rules')).toContainText('Bet behind');

  // Betting: Alice sits at seat 1; Bruno at seat 3, then taps Alice's seat, which bets behind it.
  await openBetting(dealer, { players: [pageA, pageB] });
  await pageA.getByTestId('chip-500').click();
  await pageA.locator('[data-spot="seat:1"]').click();
  await expect(pageA.locator('[data-spot="seat:1"]')).toHaveAttribute('data-confirmed-minor', '500');
  await expect(seat(pageA, 1)).toHaveAttribute('data-owner', alicePlayer.playerId);
  await expect(seat(pageB, 1)).toHaveAttribute('data-owner', alicePlayer.playerId);
  await expect(seat(pageB, 1)).toContainText('Alice');

  await pageB.getByTestId('chip-500').click();
  await pageB.locator('[data-spot="seat:3"]').click();
  await expect(pageB.locator('[data-spot="seat:3"]')).toHaveAttribute('data-confirmed-minor', '500');
  await pageB.getByTestId('chip-100').click();
  await pageB.locator('[data-spot="seat:1"]').click();
  await expect(pageB.locator('[data-spot="behind:1"]')).toHaveAttribute('data-confirmed-minor', '100');
  await expect(pageB.locator('[data-spot="seat:1"]')).not.toHaveAttribute('data-confirmed-minor', /.*/);
  await expect(seat(pageA, 3)).toHaveAttribute('data-owner', brunoPlayer.playerId);
  await expect(pageB.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(JOIN_CREDIT_MINOR - 600));
  await expect(pageA.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(JOIN_CREDIT_MINOR - 500));

  // The deal: both seats get two cards; the dealer shows one card and keeps the hole card face down.
  await closeAndDeal(dealer);
  for (const page of [pageA, pageB]) {
    await expect(page.locator('[data-testid=blackjack-hand][data-seat="1"][data-hand="0"] [data-card]')).toHaveCount(2, { timeout: 10_000 });
    await expect(page.locator('[data-testid=blackjack-hand][data-seat="3"][data-hand="0"] [data-card]')).toHaveCount(2);
    await expect(page.locator('[data-testid=blackjack-seat][data-seat="2"] [data-testid=blackjack-hand]')).toHaveCount(0);
  }

  // Play until the round's result; whoever's turn it is gets the buttons and the timer.
  const decidedA: string[] = [];
  const decidedB: string[] = [];
  const phase = await pageA.getByTestId('phase').getAttribute('data-phase');
  if (phase === 'playing') {
    await expect(pageA.getByTestId('blackjack-dealer').locator('[data-face-down]')).toHaveCount(1);
    await expect(pageA.getByTestId('blackjack-dealer')).not.toHaveAttribute('data-total', /.*/);
    await expect(dealer.getByTestId('round-phase')).toHaveAttribute('data-phase', 'playing');
    await expect(dealer.getByTestId('blackjack-play')).toBeVisible();
  }
  await playOut([
    { page: pageA, strategy: alice, decided: decidedA },
    { page: pageB, strategy: bruno, decided: decidedB },
  ]);

  // What this run's shoe led to, for whoever reads the report (the cards are different every run).
  test.info().annotations.push({ type: 'decisions', description: `Alice: ${decidedA.join(', ') || 'none'}; Bruno: ${decidedB.join(', ') || 'none'}` });

  // The dealer's console has the outcome; the proof publishes it with every bet, those the server made included.
  await expect(dealer.getByTestId('round-outcome')).toHaveAttribute('data-dealer-total', /^\d+$/);
  const proof = await fetchRoundProof(pageA, { round: 1 });
  expect(proof.game).toBe('blackjack');
  const outcome = proof.outcome;
  if (outcome === null || !isBlackjackOutcome(outcome)) throw new Error(`round 1 has no blackjack outcome: ${JSON.stringify(outcome)}`);
  expect(outcome.seats.map((dealt) => dealt.seat)).toEqual([1, 3]);
  await expect(dealer.getByTestId('round-outcome')).toHaveAttribute('data-dealer-total', String(outcome.dealer.total));

  // A public proof names only the asking player's own bets (the others carry pseudonyms): each page asks for its own.
  const forA = paidTo(proof, alicePlayer.playerId, outcome);
  const forB = paidTo(await fetchRoundProof(pageB, { round: 1 }), brunoPlayer.playerId, outcome);
  expect(forA.bets.find((bet) => bet.spot === 'seat:1')?.amountMinor).toBe(500);
  expect(forB.bets.find((bet) => bet.spot === 'seat:3')?.amountMinor).toBe(500);
  expect(forB.bets.find((bet) => bet.spot === 'behind:1')?.amountMinor).toBe(100);
  // Alice's double and insurance, when she made them, are bets of their own at the seat's stake.
  if (outcome.seats[0]?.hands[0]?.doubled) expect(forA.bets.find((bet) => bet.spot === 'double:1:0')?.amountMinor).toBe(500);
  if (outcome.seats[0]?.insured) expect(forA.bets.find((bet) => bet.spot === 'insurance:1')?.amountMinor).toBe(250);
  // The server settled each bet exactly as the shared paytable says.
  for (const bet of proof.bets) expect(bet.payoutMinor).toBe(gameRules('blackjack').payoutMinor(bet.spot, bet.amountMinor, outcome));

  for (const [page, paid] of [
    [pageA, forA],
    [pageB, forB],
  ] as const) {
    const result = page.getByTestId('last-result');
    await expect(result).toHaveAttribute('data-round', '1');
    await expect(result).toHaveAttribute('data-dealer-total', String(outcome.dealer.total));
    await expect(page.getByTestId('blackjack-dealer')).toHaveAttribute('data-total', String(outcome.dealer.total));
    await expect(page.getByTestId('blackjack-dealer').locator('[data-card]')).toHaveCount(outcome.dealer.cards.length);
    for (const dealt of outcome.seats) {
      for (const [index, hand] of dealt.hands.entries()) {
        const shown = page.locator(`[data-testid=blackjack-hand][data-seat="${dealt.seat}"][data-hand="${index}"]`);
        await expect(shown).toHaveAttribute('data-result', hand.result);
        await expect(shown).toHaveAttribute('data-total', String(hand.total));
        await expect(shown.locator('[data-card]')).toHaveCount(hand.cards.length);
      }
    }
    await expect(page.getByTestId('last-payout')).toHaveAttribute('data-payout-minor', String(paid.returned));
    await expect(page.getByTestId('balance')).toHaveAttribute('data-balance-minor', String(JOIN_CREDIT_MINOR - paid.staked + paid.returned));
  }
  await expect(dealer.getByTestId('ledger-sum')).toHaveAttribute('data-sum-minor', '0');

  // pf1 verification of the blackjack round in the page: the decisions replayed on the round's shoe.
  await expectRoundVerifies(pageB, { round: 1 });
});
