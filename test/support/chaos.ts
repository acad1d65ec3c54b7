// Chaos: the headless server (a real child process) is killed with SIGKILL
// at random moments while players storm a roulette table with bets and a
// dealer loop drives it through its phases, and (chaos-blackjack.ts) a
// blackjack table is dealt and played at the same time. After every restart
// the recovery must have resolved what the crash interrupted (a dealt hand
// played out, never refunded) and the money must balance; at the end the
// database must show every acknowledged bet and decision exactly once,
// every round finished once, and a balanced ledger with no wallet below zero.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import type { JoinResponse, OperatorTable } from '../../src/shared/api.ts';
import { Ledger } from '../../src/main/ledger/ledger.ts';
import { OperatorClient, PlayerClient, consoleLogin, joinTable, repositoryRoot } from './harness.ts';
import { Random } from './fuzz-messages.ts';
import { BlackjackChaos, checkMoney, type BlackjackTally } from './chaos-blackjack.ts';

export type ChaosTally = {
  kills: number;
  acknowledgedBets: number;
  roundsSettled: number;
  roundsVoided: number;
  /** Voided by the server itself: recovery after a kill, or the final clean stop. */
  voidedBySystem: number;
  /** The blackjack table's own counts, when it played. */
  blackjack: BlackjackTally | null;
  problems: string[];
};

type Served = { child: ChildProcessWithoutNullStreams; origin: string; operator: OperatorClient };

const playerCount = 6;
const betIntervalMs = 40;

export async function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, ['src/main/headless.ts', '--host', '127.0.0.1', '--port', '0', '--data', dataDir], {
    cwd: repositoryRoot,
  });
  child.stderr.on('data', () => {});
  const consoleUrl = await new Promise<string>((resolveLink, rejectLink) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /^console: (\S+)$/.exec(line);
      if (match) resolveLink(match[1]!);
    });
    child.once('exit', (code) => rejectLink(new Error(`server exited (${code}) before it printed its console link`)));
  });
  const operator = await consoleLogin(consoleUrl);
  return { child, origin: operator.origin, operator };
}

export function killHard(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolveKill) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveKill();
    child.once('exit', () => resolveKill());
    child.kill('SIGKILL');
  });
}

type Acknowledged = { playerId: string; betId: string; spot: string; amountMinor: number; round: number };

/** Players bet as fast as the rate limit allows until the socket dies. */
function storm(client: PlayerClient, playerId: string, random: Random, acknowledged: Acknowledged[], stop: () => boolean): Promise<void> {
  return (async () => {
    let counter = 0;
    while (!stop() && client.closeCode === null) {
      const round = currentBettingRound(client);
      if (round !== null) {
        counter += 1;
        const bet = {
          betId: `${playerId.slice(-6)}-${round}-${counter}-${random.next().toString(36)}`,
          spot: random.pick(['red', 'black', 'odd', 'even', 'straight:7', 'dozen:2', 'split:0-1']),
          amountMinor: 100 * (1 + random.below(5)),
        };
        // A reply that never comes (the server died) rejects when the socket closes.
        const reply = await client.bet(round, [bet]).catch(() => null);
        if (reply?.kind === 'ack') acknowledged.push({ playerId, round, ...bet });
      }
      await new Promise((resolveLater) => setTimeout(resolveLater, betIntervalMs));
    }
  })();
}

/** The dealer runs rounds as fast as they go, so kills land in every phase, settlement included. */
async function deal(operator: OperatorClient, tableId: string, random: Random, stop: () => boolean): Promise<void> {
  const act = (action: string) => operator.action(tableId, action).catch(() => null);
  while (!stop()) {
    await act('open');
    await new Promise((resolveLater) => setTimeout(resolveLater, 100 + random.below(400)));
    await act('close');
    await act('spin');
  }
}

function currentBettingRound(client: PlayerClient): number | null {
  let round: number | null = null;
  for (const message of client.received) {
    if (message.kind === 'snapshot') round = message.snapshot.round?.phase === 'betting' ? message.snapshot.round.round : null;
    else if (message.kind === 'event') {
      if (message.event.kind === 'round.opened') round = message.event.round;
      else if (message.event.kind === 'round.closed' || message.event.kind === 'round.voided') round = null;
    }
  }
  return round;
}

/** How long a kill may wait for a blackjack hand to be dealt, so that it lands mid-hand. */
const handWaitMs = 6_000;

export async function runChaos(options: { kills: number; seed: number; blackjack?: boolean; log: (line: string) => void }): Promise<ChaosTally> {
  const random = new Random(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-chaos-'));
  const tally: ChaosTally = { kills: 0, acknowledgedBets: 0, roundsSettled: 0, roundsVoided: 0, voidedBySystem: 0, blackjack: null, problems: [] };
  const problem = (text: string) => {
    if (tally.problems.length < 20) tally.problems.push(text);
  };
  const acknowledged: Acknowledged[] = [];
  // Its own PRNG stream, so the blackjack players' choices do not shift the roulette storm's.
  const blackjack = options.blackjack === false ? null : new BlackjackChaos(new Random(options.seed ^ 0x5bd1e995));
  try {
    let served = await serve(dataDir);
    const table = (
      await served.operator.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
        name: 'Chaos',
        game: 'roulette-eu',
        minBetMinor: 100,
        maxSpotMinor: 100_000,
        maxRoundMinor: 1_000_000,
        autoCycle: false,
        joinCreditMinor: 0,
        // The storm bets without commitments and spins each round by hand: pf1's round.
        fairness: 'pf1',
      })
    ).body.table;
    const invite = new URLSearchParams(new URL(table.inviteUrl).hash.slice(1)).get('invite') ?? '';
    const players: JoinResponse[] = [];
    // Every player joins from 127.0.0.1, which earns welcome chips only twice a day: the cashier stakes them instead.
    for (let index = 0; index < playerCount; index += 1) {
      const player = await joinTable(served.origin, invite, `Chaos${index}`);
      const credit = await served.operator.call('POST', `/api/operator/players/${player.playerId}/cashier`, {
        direction: 'credit',
        amountMinor: 5_000_000,
        note: 'chaos stake',
        idempotencyKey: `chaos-${player.playerId}`,
      });
      if (credit.status !== 200) throw new Error(`cashier credit: ${credit.status} ${JSON.stringify(credit.body)}`);
      players.push(player);
    }
    await blackjack?.setUp(served);

    for (let kill = 0; kill < options.kills; kill += 1) {
      const clients = await Promise.all(players.map((player) => PlayerClient.connect(served.origin, player.token)));
      let stopped = false;
      const storms = clients.map((client, index) => storm(client, players[index]!.playerId, random, acknowledged, () => stopped));
      const dealing = deal(served.operator, table.id, random, () => stopped);
      const playing = blackjack ? (await blackjack.play(served, () => stopped)).done : Promise.resolve();
      // Half the kills wait for the first, second or third blackjack hand to be dealt, then land a moment later, often mid-hand.
      const midHand = blackjack !== null && random.below(2) === 0;
      if (midHand) await blackjack.handDealt(1 + random.below(3), handWaitMs);
      await new Promise((resolveLater) => setTimeout(resolveLater, midHand ? random.below(60) : 100 + random.below(2_000)));
      await killHard(served.child);
      stopped = true;
      tally.kills += 1;
      blackjack?.afterKill();
      await Promise.all([...storms, dealing, playing]);
      for (const client of clients) client.socket.terminate();
      served = await serve(dataDir);
      await blackjack?.checkAfterRestart(served, problem);
      await checkMoney(served, problem);
      options.log(
        `kill ${tally.kills}/${options.kills}: ${acknowledged.length} bets acknowledged so far` +
          (blackjack ? `, blackjack ${blackjack.bets.length} bets, ${blackjack.tally.killsInPlay} kills mid-hand` : '') +
          (tally.problems.length > 0 ? `, ${tally.problems.length} problems` : ''),
      );
    }
    await blackjack?.checkAtEnd(served, problem);
    // A last clean stop so the final state is on disk, checkpointed.
    const stoppedCleanly = new Promise<number | null>((resolveExit) => served.child.once('exit', (code) => resolveExit(code)));
    served.child.kill('SIGTERM');
    if ((await stoppedCleanly) !== 0) tally.problems.push('the final SIGTERM did not exit 0');
    checkDatabase(join(dataDir, 'pitboss.db'), table.id, [...acknowledged, ...(blackjack?.bets ?? [])], tally, problem);
    blackjack?.checkDatabase(join(dataDir, 'pitboss.db'), problem);
    tally.acknowledgedBets = acknowledged.length;
    tally.blackjack = blackjack?.tally ?? null;
    return tally;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every acknowledged bet (both tables) once, staked once, then paid or refunded once; the roulette table's round counts; the ledger. */
function checkDatabase(file: string, tableId: string, acknowledged: Acknowledged[], tally: ChaosTally, problem: (text: string) => void): void {
  const db = new Database(file);
  try {
    const betRow = db.prepare(
      `SELECT b.id, b.spot, b.amount_minor AS amountMinor, b.cancelled_at AS cancelledAt, b.payout_minor AS payoutMinor,
              r.number AS round, r.phase, r.id AS roundId
       FROM bets b JOIN rounds r ON r.id = b.round_id WHERE b.player_id = ? AND b.bet_id = ?`,
    );
    const transferCount = db.prepare('SELECT count(*) AS count FROM transfers WHERE idempotency_key = ?');
    const seen = new Set<string>();
    for (const bet of acknowledged) {
      const key = `${bet.playerId}/${bet.betId}`;
      if (seen.has(key)) problem(`bet ${key} was acknowledged twice`);
      seen.add(key);
      const row = betRow.get(bet.playerId, bet.betId) as
        | { id: number; spot: string; amountMinor: number; cancelledAt: number | null; payoutMinor: number | null; round: number; phase: string; roundId: number }
        | undefined;
      if (!row) {
        problem(`acknowledged bet ${key} is missing`);
        continue;
      }
      if (row.spot !== bet.spot || row.amountMinor !== bet.amountMinor || row.round !== bet.round) problem(`bet ${key} differs from what was acknowledged`);
      const staked = (transferCount.get(`bet:${bet.playerId}:${bet.betId}`) as { count: number }).count;
      if (staked !== 1) problem(`bet ${key} has ${staked} stake transfers`);
      const refunds = (transferCount.get(`void:${row.roundId}:${row.id}`) as { count: number }).count;
      if (row.phase === 'settled') {
        if (row.payoutMinor === null) problem(`bet ${key} in a settled round has no payout`);
        if (refunds !== 0) problem(`bet ${key} was both settled and refunded`);
      } else if (row.phase === 'voided') {
        if (refunds !== 1) problem(`bet ${key} in a voided round has ${refunds} refunds`);
        if (row.payoutMinor !== null) problem(`bet ${key} was both refunded and paid`);
      } else problem(`bet ${key} is in an unfinished round (${row.phase})`);
    }
    const unfinished = (db.prepare("SELECT count(*) AS count FROM rounds WHERE phase IN ('betting', 'closed', 'result')").get() as { count: number }).count;
    if (unfinished > 0) problem(`${unfinished} rounds were left unfinished`);
    const count = (where: string) => (db.prepare(`SELECT count(*) AS count FROM rounds WHERE table_id = ? AND ${where}`).get(tableId) as { count: number }).count;
    tally.roundsSettled = count("phase = 'settled'");
    tally.roundsVoided = count("phase = 'voided'");
    tally.voidedBySystem = count("phase = 'voided' AND voided_by = 'system'");
    const escrow = db.prepare("SELECT balance FROM accounts WHERE kind = 'escrow'").all() as { balance: number }[];
    if (escrow.some((account) => account.balance !== 0)) problem('an escrow holds chips after every round finished');
    const verified = new Ledger(db).verify();
    for (const text of verified.problems) problem(`ledger: ${text}`);
  } finally {
    db.close();
  }
}
