// Hostile bytes below the message layer: malformed request lines, targets,
// methods and headers, broken bodies, WebSocket handshakes that are wrong in
// every field, slow writes and client resets at every stage of a connection,
// thrown at a server on loopback from raw TCP sockets. Deterministic for a
// seed (xorshift, never Math.random); only the interleaving of the bounded
// concurrent connections varies between runs.
//
// The rules checked per case: no 500 (a handler threw), no 101 without the
// real session token (an upgrade got past authentication), and every
// connection ends within caseTimeoutMs (answered, refused or closed).
import { connect } from 'node:net';
import { Random } from './fuzz-messages.ts';

export type ResetStage = 'none' | 'before-write' | 'mid-headers' | 'after-headers' | 'after-reply';

export type FuzzCase = {
  kind: string;
  /** The bytes, in writes; slow cases pause delayMs between writes. */
  chunks: Buffer[];
  delayMs: number;
  reset: ResetStage;
  /** Where "mid-headers" cuts: a byte offset inside the head. */
  headLength: number;
  /** True when the upgrade carries the real session token (a 101 is then allowed). */
  authentic: boolean;
};

export type HttpFuzzTally = {
  cases: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  byReset: Record<string, number>;
  closedWithoutReply: number;
  problems: string[];
};

const fakeToken = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const maxSlowDelayMs = 10;
const maxProblemsKept = 20;

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'get', 'G E T', 'PRI', 'X'.repeat(300), '\u0000GET', ''];
const targets = [
  '/', '/api/tables', '/api/join', '/api/me', '/api/me/ledger', '/metrics', '/player/', '/console/', '/console/login?token=abc',
  '/console/login?token=' + 'A'.repeat(40), '/api/tables/x/history', '/api/tables/x/rounds/1/proof', '/api/tables/x/rounds/99999999999999999999/proof',
  '/api/operator/tables', '/api/operator/ledger', '/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/%zz', '/%00', '/%',
  'http://a:99999/', 'http://[/', 'http://[::1/', 'http://x@y@z/', 'http://example.com/api/tables', 'https://a/%', '*', '//', '///api/tables',
  '/api/tables?' + 'a=b&'.repeat(500), '/' + 'a'.repeat(9_000), '/\u00ff\u00fe', '/ws/player', '/ws/operator', 'ws://a/ws/player', '', ' ', '/\t/',
];
const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1x', 'HTTP/11', 'http/1.1', ''];
const headerLines = [
  'Host: 127.0.0.1', 'Host:', 'Host: a:99999', 'Host: [', 'Content-Length: 5', 'Content-Length: -1', 'Content-Length: 1e3', 'Content-Length: 5, 6',
  'Content-Length: 99999999999999999999', 'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: identity',
  'Content-Type: application/json', 'Content-Type: text/plain', 'Content-Type: application/json; charset=utf-16', 'Cookie: pitboss_operator=' + 'A'.repeat(40),
  'Cookie: =;;;==', 'Authorization: Bearer ' + fakeToken, 'Authorization: Bearer', 'Origin: https://evil.example', 'Origin: null', 'Origin: http://127.0.0.1',
  'X-Forwarded-For: 1.2.3.4', 'X-Forwarded-For: , , ,', 'X-Forwarded-For: [::1]:80, 999.1.1.1', 'Forwarded: for=1.2.3.4', 'Expect: 100-continue',
  'Connection: keep-alive', 'Connection: close', 'Connection: Upgrade', 'Upgrade: websocket', 'Upgrade: h2c', 'Bad Header: x', 'NoColon',
  ' folded: continuation', 'X-Ctl: \u0001\u0002', 'X-Nul: a\u0000b', 'X-Utf8: \u00e9\u00ff', ':empty-name', 'X-Long: ' + 'v'.repeat(9_000),
  'Accept: */*', 'Range: bytes=0-1', 'If-None-Match: *',
];
const bodies = ['', '{}', '{"invite":"x","name":"y"}', '{"invite":', 'null', '[]', '"\u0000"', '{"name":"' + 'n'.repeat(5_000) + '"}', 'x'.repeat(70_000), '\u00ff\u00fe\u00fd'];
const chunkedBodies = ['5\r\nhello\r\n0\r\n\r\n', 'zz\r\nhello\r\n0\r\n\r\n', '5\r\nhel', 'ffffffffffffffff\r\n', '0\r\n\r\n', '-1\r\n\r\n', '5;ext=' + 'e'.repeat(5_000) + '\r\nhello\r\n0\r\n\r\n'];

const upgradePaths = [
  '/ws/player', '/ws/player', '/ws/operator', '/ws/elsewhere', '/ws/player/', '/WS/PLAYER', 'http://a:99999/', 'http://[/', '/ws/player?since=',
  '/ws/player?since=-1', '/ws/player?since=1e99', '/ws/player?since=abc', '/ws/player?since=999999999999999999999', '/ws/player?since=0&since=1',
  '/ws/player?since=%00', '/ws/player?' + 'x'.repeat(5_000),
];
const wsVersions = ['13', '13', '8', '0', '', 'abc', '13, 8', '99999999999999999999', '-13'];
const wsKeys = ['dGhlIHNhbXBsZSBub25jZQ==', 'dGhlIHNhbXBsZSBub25jZQ==', 'short', '', '!!!!!!!!!!!!!!!!!!!!!!==', 'A'.repeat(1_000), 'dGhlIHNhbXBsZSBub25jZQ'];

function protocolsFor(random: Random, token: string | undefined): { header: string | null; authentic: boolean } {
  const choice = random.below(10);
  if (choice === 0) return { header: null, authentic: false };
  if (choice === 1 && token) return { header: `pitboss.v1, auth.${token}`, authentic: true };
  return {
    header: random.pick([
      'pitboss.v1', `pitboss.v1, auth.${fakeToken}`, `auth.${fakeToken}`, 'pitboss.v1, auth.short', 'pitboss.v1, auth.' + 'A'.repeat(200),
      'pitboss.v1, auth.!!!!!!!!!!!!!!!!!!!!', 'pitboss.v0', ',,,,', 'pitboss.v1,' + ' ,'.repeat(2_000), 'pitboss.v1, auth.\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff',
      `pitboss.v1, pitboss.v1, auth.${fakeToken}, auth.${fakeToken}`,
    ]),
    authentic: false,
  };
}

/** Half the handshakes are right in every field but one, so each wrong field is met on its own, past the others. */
function upgradeHead(random: Random, token: string | undefined): { head: string; authentic: boolean } {
  const wrong = random.below(2) === 0 ? random.below(9) : -1;
  const field = <T>(index: number, right: T, choices: readonly T[]): T => (wrong === -1 || wrong === index ? random.pick(choices) : right);
  const protocols = wrong === -1 || wrong === 6 ? protocolsFor(random, token) : token ? { header: `pitboss.v1, auth.${token}`, authentic: true } : protocolsFor(random, token);
  const method = field(0, 'GET', ['GET', 'GET', 'POST', 'HEAD']);
  const path = field(1, '/ws/player', upgradePaths);
  const lines = [`${method} ${path} ${field(2, 'HTTP/1.1', ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'])}`, 'Host: 127.0.0.1'];
  const upgrade = field(3, 'websocket', ['websocket', 'WebSocket', 'h2c', '', null]);
  if (upgrade !== null) lines.push(`Upgrade: ${upgrade}`);
  lines.push(`Connection: ${field(4, 'Upgrade', ['Upgrade', 'keep-alive, Upgrade', 'close', ''])}`);
  const key = field(5, wsKeys[0]!, [...wsKeys, null]);
  if (key !== null) lines.push(`Sec-WebSocket-Key: ${key}`);
  const version = field(7, '13', [...wsVersions, null]);
  if (version !== null) lines.push(`Sec-WebSocket-Version: ${version}`);
  if (protocols.header !== null) lines.push(`Sec-WebSocket-Protocol: ${protocols.header}`);
  if (wrong === 8) lines.push(random.pick(headerLines));
  if (random.below(10) === 0) lines.push('Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99');
  const authentic = protocols.authentic && method === 'GET' && path.startsWith('/ws/player');
  return { head: `${lines.join('\r\n')}\r\n\r\n`, authentic };
}

function requestHead(random: Random): { head: string; body: string } {
  const line =
    random.below(12) === 0
      ? random.pick(['', 'GET', 'GET /', '\r\n', 'GET / HTTP/1.1 extra', '\u0016\u0003\u0001\u0000', 'x'.repeat(20_000)])
      : random.below(2) === 0
        ? `${random.pick(['GET', 'GET', 'POST', 'HEAD'])} ${random.pick(targets)} HTTP/1.1`
        : `${random.pick(methods)} ${random.pick(targets)} ${random.pick(versions)}`;
  const headers: string[] = random.below(5) === 0 ? [] : ['Host: 127.0.0.1'];
  const extra = random.below(6);
  for (let index = 0; index < extra; index += 1) headers.push(random.pick(headerLines));
  if (random.below(30) === 0) for (let index = 0; index < 2_100; index += 1) headers.push(`X-Many-${index}: v`);
  const chunked = headers.some((header) => header.startsWith('Transfer-Encoding: ') && header.includes('chunked'));
  const body = chunked ? random.pick(chunkedBodies) : random.below(3) === 0 ? random.pick(bodies) : '';
  if (!chunked && body.length > 0 && random.below(3) !== 0) headers.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  const newline = random.below(15) === 0 ? '\n' : '\r\n';
  const ending = random.below(12) === 0 ? '' : `${newline}${newline}`;
  return { head: [line, ...headers].join(newline) + ending, body };
}

export function fuzzCase(random: Random, token: string | undefined): FuzzCase {
  const upgrade = random.below(5) < 2;
  const built = upgrade ? { ...upgradeHead(random, token), body: '' } : { ...requestHead(random), authentic: false };
  const bytes = Buffer.from(built.head + built.body, 'latin1');
  const slow = random.below(10) === 0;
  const pieces = slow ? 2 + random.below(3) : 1;
  const chunks: Buffer[] = [];
  for (let index = 0; index < pieces; index += 1) chunks.push(bytes.subarray(Math.floor((bytes.length * index) / pieces), Math.floor((bytes.length * (index + 1)) / pieces)));
  const resetRoll = random.below(20);
  const reset: ResetStage = resetRoll < 12 ? 'none' : (['before-write', 'mid-headers', 'after-headers', 'after-reply'] as const)[resetRoll % 4]!;
  return {
    kind: upgrade ? 'upgrade' : 'request',
    chunks,
    delayMs: slow ? 1 + random.below(maxSlowDelayMs) : 0,
    reset,
    headLength: Buffer.byteLength(built.head, 'latin1'),
    authentic: built.authentic,
  };
}

type Outcome = { status: number | null; timedOut: boolean };

function runCase(port: number, fuzz: FuzzCase, caseTimeoutMs: number): Promise<Outcome> {
  return new Promise((resolveCase) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let settled = false;
    const finish = (timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(reply);
      resolveCase({ status: match ? Number(match[1]) : null, timedOut });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish(true);
    }, caseTimeoutMs);
    socket.on('error', () => {});
    socket.on('close', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      const first = reply.length === 0;
      if (reply.length < 64) reply += chunk.toString('latin1', 0, 64);
      if (!first) return;
      // One reply is all a case looks at: reset it, or hang up politely.
      if (fuzz.reset === 'after-reply') socket.resetAndDestroy();
      else socket.destroy();
    });
    socket.once('connect', () => {
      if (fuzz.reset === 'before-write') return void socket.resetAndDestroy();
      if (fuzz.reset === 'mid-headers') {
        socket.write(Buffer.concat(fuzz.chunks).subarray(0, Math.max(1, Math.floor(fuzz.headLength / 2))));
        return void setImmediate(() => socket.resetAndDestroy());
      }
      void (async () => {
        for (const [index, chunk] of fuzz.chunks.entries()) {
          if (socket.destroyed) return;
          if (index > 0) await new Promise((resolveLater) => setTimeout(resolveLater, fuzz.delayMs));
          socket.write(chunk);
        }
        if (fuzz.reset === 'after-headers') socket.resetAndDestroy();
        // The client is done sending: a request left incomplete is answered or closed by the server at once.
        else if (!socket.destroyed) socket.end();
      })();
    });
  });
}

/** Runs `cases` cases with at most `concurrency` connections open at a time. */
export async function runHttpFuzz(options: {
  port: number;
  cases: number;
  seed: number;
  concurrency: number;
  /** A real session token: some upgrades then succeed, so bad `since` values reach the gateway. */
  playerToken?: string;
  caseTimeoutMs?: number;
}): Promise<HttpFuzzTally> {
  const random = new Random(options.seed);
  const tally: HttpFuzzTally = { cases: 0, byKind: {}, byStatus: {}, byReset: {}, closedWithoutReply: 0, problems: [] };
  const problem = (text: string): void => {
    if (tally.problems.length < maxProblemsKept) tally.problems.push(text);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.cases) {
      const index = next;
      next += 1;
      const fuzz = fuzzCase(random, options.playerToken);
      const outcome = await runCase(options.port, fuzz, options.caseTimeoutMs ?? 5_000);
      tally.cases += 1;
      tally.byKind[fuzz.kind] = (tally.byKind[fuzz.kind] ?? 0) + 1;
      tally.byReset[fuzz.reset] = (tally.byReset[fuzz.reset] ?? 0) + 1;
      const status = outcome.status === null ? 'none' : String(outcome.status);
      tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
      if (outcome.status === null) tally.closedWithoutReply += 1;
      const described = () => `case ${index} (${fuzz.kind}, reset ${fuzz.reset}): ${JSON.stringify(Buffer.concat(fuzz.chunks).toString('latin1').slice(0, 200))}`;
      if (outcome.timedOut) problem(`no reply and no close within the case timeout: ${described()}`);
      if (outcome.status !== null && outcome.status >= 500 && outcome.status !== 503) problem(`answered ${outcome.status}: ${described()}`);
      if (outcome.status === 101 && !fuzz.authentic) problem(`upgraded without the session token: ${described()}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  return tally;
}
