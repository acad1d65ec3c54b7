// The real desktop app under Playwright's Electron driver: launch it, create
// a table through the console's own API, let a player join from Chromium and
// bet, then quit with the round in flight and check, after a relaunch, that
// the round was voided and the stake refunded.
//
// It runs wherever the Electron binary and a display are present; elsewhere
// it skips and prints why. It drives the development build (out/main), not a
// packaged one: the packaged app's fuses turn off --inspect, which the driver
// needs (and which is exactly why they are turned off).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { operatorApi } from './steps.ts';

const root = resolve(import.meta.dirname, '../..');
const mainScript = join(root, 'out/main/index.js');

/**
 * Where the Electron binary is, or why it cannot run here. Not
 * `require('electron')`: when the binary is missing that call tries to
 * download it, which on a machine without network fails slowly and noisily.
 */
function findElectron(): { binary: string } | { reason: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(pathFile) && !override) {
    return {
      reason:
        'the Electron binary is not installed (node_modules/electron/path.txt is missing: its download failed or was skipped). ' +
        'On a machine that can reach the Electron releases, run `node node_modules/electron/install.js`, then this suite runs.',
    };
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = override ? join(override, relative) : join(packageDir, 'dist', relative);
  if (!existsSync(binary)) return { reason: `the Electron binary is not at ${binary}.` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (no DISPLAY or WAYLAND_DISPLAY): run the suite under `xvfb-run -a npx playwright test`.' };
  }
  return { binary };
}

const found = findElectron();
const skipReason = 'reason' in found ? `Electron suite skipped: ${found.reason}` : null;
if (skipReason) console.log(skipReason);


async function launch(binary: string, profile: string): Promise<{ app: ElectronApplication; console: Page; origin: string }> {
  const args = [mainScript, `--user-data-dir=${profile}`];
  // Chromium refuses to run its sandbox as root (CI containers); a desktop user never is.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const app = await electron.launch({ executablePath: binary, args });
  const page = await app.firstWindow();
  await page.waitForURL(/\/console\/$/);
  return { app, console: page, origin: new URL(page.url()).origin };
}

test.describe('desktop app (real Electron)', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.describe.configure({ mode: 'serial', timeout: 120_000 });

  let profile = '';
  test.afterAll(() => {
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test.beforeAll(() => {
    profile = mkdtempSync(join(tmpdir(), 'pitboss-electron-'));
    // The suite tests the current code, not whatever out/ happens to hold.
    const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    expect(build.status, 'electron-vite build').toBe(0);
  });

  test('launch, create a table, a player joins from Chromium, quit with a round in flight', async ({ page: player }) => {
    if ('reason' in found) return;
    const first = await launch(found.binary, profile);

    // The renderer has the bridge and nothing of Node.
    const surface = await first.console.evaluate(() => ({
      bridge: Object.keys(window.pitbossDesktop ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(surface).toEqual({ bridge: ['notify', 'openExternal', 'platform', 'saveExport', 'shareInvite'], require: 'undefined', process: 'undefined' });
    // Navigation away from the embedded server is refused.
    await first.console.evaluate(() => void (window.location.href = 'https://example.com/'));
    await first.console.waitForTimeout(500);
    expect(new URL(first.console.url()).origin).toBe(first.origin);

    const created = await operatorApi<{ table: { id: string } }>(first.console, 'POST', '/api/operator/tables', {
      name: 'E2E Roulette',
      game: 'roulette-eu',
      minBetMinor: 100,
      maxSpotMinor: 50_000,
      maxRoundMinor: 200_000,
      joinCreditMinor: 100_000,
    });
    expect(created.status).toBe(201);
    const tableId = created.body.table.id;
    const invite = await operatorApi<{ url: string }>(first.console, 'GET', `/api/operator/tables/${tableId}/invite`);

    await player.goto(invite.body.url);
    await player.getByTestId('join-name').fill('Ann');
    await player.getByTestId('join-submit').click();
    await expect(player.getByTestId('balance')).toHaveAttribute('data-balance-minor', '100000');

    expect((await operatorApi(first.console, 'POST', `/api/operator/tables/${tableId}/actions`, { action: 'open' })).status).toBe(200);
    await expect(player.getByTestId('phase')).toHaveAttribute('data-phase', 'betting');
    await player.getByTestId('chip-100').click();
    await player.locator('button[data-spot="red"]').click();
    await expect(player.locator('button[data-spot="red"]')).toHaveAttribute('data-confirmed-minor', '100');

    // Quit with the round in flight: answer the native dialog from inside the main process.
    const asked: string[] = [];
    first.app.on('console', (message) => {
      if (message.text().startsWith('e2e-dialog:')) asked.push(message.text());
    });
    await first.app.evaluate(({ dialog }) => {
      const answer = async (...args: unknown[]) => {
        const options = (args[1] ?? args[0]) as { message?: string };
        console.log(`e2e-dialog:${options.message ?? ''}`);
        return { response: 0, checkboxChecked: false };
      };
      (dialog as unknown as { showMessageBox: typeof answer }).showMessageBox = answer;
    });
    const exited = new Promise<number | null>((resolveExit) => first.app.process().once('exit', (code) => resolveExit(code)));
    await first.app.evaluate(({ app }) => void setTimeout(() => app.quit(), 0));
    expect(await exited).toBe(0);
    expect(asked).toEqual(['e2e-dialog:A round is in flight.']);

    // Relaunch on the same data: the round was voided and Ann has her chips back.
    const second = await launch(found.binary, profile);
    try {
      const rounds = await operatorApi<{ rounds: { phase: string }[] }>(second.console, 'GET', `/api/operator/tables/${tableId}/rounds`);
      expect(rounds.body.rounds[0]?.phase).toBe('voided');
      const players = await operatorApi<{ players: { name: string; balanceMinor: number }[] }>(second.console, 'GET', `/api/operator/players?tableId=${tableId}`);
      expect(players.body.players.find((candidate) => candidate.name === 'Ann')?.balanceMinor).toBe(100_000);
    } finally {
      await second.app.evaluate(({ app }) => void setTimeout(() => app.quit(), 0));
      await second.app.close().catch(() => {});
    }
  });
});
