// `npm run serve`: the same server the desktop app embeds, without Electron.
// Prints a one-time console link and the first table's invite link, serves
// until SIGINT/SIGTERM, then resolves the round in flight and closes the
// database cleanly before exiting 0. An exception nothing else caught prints
// a "fatal: …" line, closes the same way and exits 70.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultBeaconRelays, parseRelayUrl } from './beacon/beacon-client.ts';
import { chainFromInfo, quicknetChain, type BeaconChain } from '../shared/fairness/beacon-chain.ts';
import { defaultDataDir } from './data-dir.ts';
import { startPitboss, type Pitboss } from './server/pitboss.ts';
import { readTlsFiles, selfSignedTls, type TlsMaterial } from './server/tls.ts';

const usage = `usage: npm run serve -- [--host 127.0.0.1] [--port 7300] [--data <dir>] [--public-url <url>] [--operator-remote]
                            [--beacon-relay <url> ...] [--beacon-chain <info.json>]

  --host             address to listen on (default 127.0.0.1; use 0.0.0.0 to let players on the LAN join)
  --port             port (default 7300; 0 picks a free one)
  --data             folder for the database (default ${defaultDataDir()})
  --public-url       the origin players reach this server at (a tunnel), used in join links
  --operator-remote  serve the operator console to other machines too (default: this machine only)
  --tls-cert, --tls-key  serve https:// and wss:// with this certificate and key (PEM files)
  --tls-self-signed  serve https:// and wss:// with a self-signed certificate kept in the data folder
  --trust-proxy      take client addresses from X-Forwarded-For (only behind your own tunnel or proxy)
  --beacon-relay     a drand relay for pf2's public beacon, tried in the order given (repeatable;
                     default ${defaultBeaconRelays.join(', ')})
  --beacon-chain     the drand chain's info JSON (as {relay}/{chainHash}/info serves it; default quicknet)
  pf2 tables take the public beacon by default when --public-url is set; the dealer can switch it per table`;

function fail(message: string): never {
  console.error(`pitboss: ${message}\n\n${usage}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7300' },
      data: { type: 'string' },
      'public-url': { type: 'string' },
      'operator-remote': { type: 'boolean', default: false },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-self-signed': { type: 'boolean', default: false },
      'trust-proxy': { type: 'boolean', default: false },
      'beacon-relay': { type: 'string', multiple: true },
      'beacon-chain': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
} catch (error) {
  fail((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535) fail(`--port must be 0-65535, not "${values.port}"`);
const publicUrl = values['public-url'];
if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(publicUrl)) fail(`--public-url must be an origin like https://table.example.com`);

const relays = (values['beacon-relay'] ?? defaultBeaconRelays).map((text) => {
  const relay = parseRelayUrl(text);
  return 'url' in relay ? relay.url : fail(`--beacon-relay: ${relay.problem}`);
});
let beaconChain: BeaconChain = quicknetChain;
const chainFile = values['beacon-chain'];
if (chainFile !== undefined) {
  let info: unknown;
  try {
    info = JSON.parse(readFileSync(chainFile, 'utf8'));
  } catch (error) {
    fail(`--beacon-chain: cannot read ${chainFile} as JSON: ${(error as Error).message}`);
  }
  const read = chainFromInfo(info);
  beaconChain = 'chain' in read ? read.chain : fail(`--beacon-chain ${chainFile}: ${read.problem}`);
}

const tlsCert = values['tls-cert'];
const tlsKey = values['tls-key'];
if ((tlsCert === undefined) !== (tlsKey === undefined)) fail('--tls-cert and --tls-key go together');
if (tlsCert !== undefined && values['tls-self-signed']) fail('choose --tls-cert/--tls-key or --tls-self-signed, not both');
const dataDir = values.data ?? defaultDataDir();
let tls: TlsMaterial | undefined;
try {
  if (tlsCert !== undefined && tlsKey !== undefined) tls = readTlsFiles(tlsCert, tlsKey);
  else if (values['tls-self-signed']) tls = await selfSignedTls(dataDir);
} catch (error) {
  fail(`could not load the TLS certificate: ${(error as Error).message}`);
}

// Handlers first: a signal that arrives while starting still stops cleanly.
let stopRequested: string | null = null;
let pitboss: Pitboss | null = null;
async function stop(signal: string): Promise<void> {
  if (stopRequested !== null) return;
  stopRequested = signal;
  if (!pitboss) return;
  console.log(`pitboss: ${signal} received, stopping`);
  await pitboss.close();
  console.log('pitboss: database closed');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

// Last resort. Every network handler is total, so nothing a client sends
// should get here (the HTTP fuzz test checks that this line is never
// printed). If something does, state in memory can no longer be trusted:
// log it, close through the normal path (rounds in flight are resolved by
// the recovery rules, the database is checkpointed) and exit non-zero so a
// supervisor restarts a clean process.
const fatalExitCode = 70;
const fatalCloseBudgetMs = 10_000;
let fatalSeen = false;
function fatal(kind: string, error: unknown): void {
  console.error(`fatal: ${kind}:`, error instanceof Error ? (error.stack ?? error.message) : error);
  if (fatalSeen) return;
  fatalSeen = true;
  // If closing hangs or throws too, leave anyway: restarting beats serving a broken process.
  setTimeout(() => process.exit(fatalExitCode), fatalCloseBudgetMs).unref();
  void (pitboss?.close() ?? Promise.resolve())
    .catch((closeError: unknown) => console.error('fatal: closing after the failure failed too:', closeError))
    .finally(() => process.exit(fatalExitCode));
}
process.on('uncaughtException', (error, origin) => fatal(origin, error));
process.on('unhandledRejection', (reason) => fatal('unhandledRejection', reason));

pitboss = await startPitboss({
  host: values.host,
  port: Number(values.port),
  dataDir,
  trustProxy: values['trust-proxy'],
  ...(tls !== undefined ? { tls } : {}),
  staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)),
  operatorAllowRemote: values['operator-remote'],
  createDefaultTable: true,
  beacon: { chain: beaconChain, relays },
  ...(publicUrl !== undefined ? { publicUrl } : {}),
});

console.log(`console: ${pitboss.issueConsoleUrl()}`);
console.log(`player: ${pitboss.firstInviteUrl() ?? '(no table yet: create one in the console)'}`);
if (stopRequested !== null) {
  const signal: string = stopRequested;
  stopRequested = null;
  await stop(signal);
}
