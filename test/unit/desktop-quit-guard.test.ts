// The quit guard on its own: asks only with a round in flight, closes the
// server exactly once before quitting, and lets signals skip the question.
import { describe, expect, it, vi } from 'vitest';
import { createQuitGuard, quitDialogOptions, type QuitGuardDeps } from '../../src/main/desktop/quit-guard.ts';
import { shutdownPlan, tableStatuses, type ShutdownStep, type TableLike } from '../../src/main/desktop/table-status.ts';

const bettingRound: ShutdownStep = { table: 'Roulette 1', round: 12, resolution: 'void' };

function deps(plan: ShutdownStep[], answer: boolean | Promise<boolean> = true) {
  const order: string[] = [];
  const fake = {
    plan: vi.fn(() => plan),
    confirm: vi.fn(async () => {
      order.push('confirm');
      return answer;
    }),
    close: vi.fn(async () => void order.push('close')),
    quit: vi.fn(() => void order.push('quit')),
    exit: vi.fn(),
    log: vi.fn(),
  } satisfies QuitGuardDeps;
  return { fake, order };
}

describe('quit guard', () => {
  it('does not ask when no round is in flight: closes, then quits', async () => {
    const { fake, order } = deps([]);
    const guard = createQuitGuard(fake);
    expect(guard.mayQuit).toBe(false);
    await guard.request();
    expect(order).toEqual(['close', 'quit']);
    expect(guard.mayQuit).toBe(true);
  });

  it('asks with a round in flight and closes only when confirmed', async () => {
    const { fake, order } = deps([bettingRound], true);
    await createQuitGuard(fake).request();
    expect(fake.confirm).toHaveBeenCalledWith([bettingRound]);
    expect(order).toEqual(['confirm', 'close', 'quit']);
  });

  it('stays open when cancelled, and asks again next time', async () => {
    const { fake, order } = deps([bettingRound], false);
    const guard = createQuitGuard(fake);
    await guard.request();
    await guard.request();
    expect(order).toEqual(['confirm', 'confirm']);
    expect(guard.mayQuit).toBe(false);
  });

  it('a second quit while the dialog is open does not ask twice', async () => {
    let answer: (value: boolean) => void = () => {};
    const { fake } = deps([bettingRound], new Promise((resolve) => (answer = resolve)));
    const guard = createQuitGuard(fake);
    const first = guard.request();
    const second = guard.request();
    answer(true);
    await Promise.all([first, second]);
    expect(fake.confirm).toHaveBeenCalledTimes(1);
    expect(fake.close).toHaveBeenCalledTimes(1);
  });

  it('a signal during the dialog stops at once; the late answer changes nothing', async () => {
    let answer: (value: boolean) => void = () => {};
    const { fake } = deps([bettingRound], new Promise((resolve) => (answer = resolve)));
    const guard = createQuitGuard(fake);
    const asked = guard.request();
    await guard.request({ ask: false });
    expect(guard.mayQuit).toBe(true);
    answer(false);
    await asked;
    expect(guard.mayQuit).toBe(true);
    expect(fake.close).toHaveBeenCalledTimes(1);
    expect(fake.quit).toHaveBeenCalledTimes(1);
  });

  it('a failing close exits with 1 instead of quitting normally', async () => {
    const { fake } = deps([]);
    fake.close.mockRejectedValueOnce(new Error('disk gone'));
    await createQuitGuard(fake).request();
    expect(fake.exit).toHaveBeenCalledWith(1);
    expect(fake.quit).not.toHaveBeenCalled();
  });

  it('a failing dialog keeps the app open', async () => {
    const { fake } = deps([bettingRound]);
    fake.confirm.mockRejectedValueOnce(new Error('no display'));
    const guard = createQuitGuard(fake);
    await guard.request();
    expect(fake.close).not.toHaveBeenCalled();
    expect(guard.mayQuit).toBe(false);
  });
});

describe('what the dialog says', () => {
  it('names every round and what will happen to it; Cancel is the default', () => {
    const options = quitDialogOptions([bettingRound, { table: 'Baccarat', round: 3, resolution: 'settle' }]);
    expect(options.message).toBe('2 rounds are in flight.');
    expect(options.detail).toContain('Roulette 1, round 12: will be voided and every stake refunded.');
    expect(options.detail).toContain('Baccarat, round 3: will be settled (its result is already drawn).');
    expect(options.buttons?.[0]).toBe('Settle/void and quit');
    expect(options.defaultId).toBe(1);
    expect(options.cancelId).toBe(1);
  });

  it('plans like Table.shutdown: betting and closed are voided, a drawn result is settled', () => {
    const fakeTable = (name: string, phase: TableLike['phase'], roundInFlight: boolean, fairness: 'pf1' | 'pf2' = 'pf1'): TableLike => ({
      id: name,
      name,
      game: 'roulette-eu',
      phase,
      roundInFlight,
      config: { autoCycle: false, currency: 'EUR', fairness },
      roundView: () => ({ round: 1 }),
    });
    const plan = shutdownPlan(
      tableStatuses([
        fakeTable('a', 'betting', true),
        fakeTable('b', 'closed', true),
        fakeTable('c', 'result', true),
        fakeTable('d', 'settled', false),
        fakeTable('e', 'betting', true, 'pf2'),
        fakeTable('f', 'closed', true, 'pf2'),
      ]),
    );
    // A frozen pf2 round is never voided: it stays frozen and resumes at the next start (PF2.md §8).
    expect(plan.map((step) => `${step.table}:${step.resolution}`)).toEqual(['a:void', 'b:void', 'c:settle', 'e:void', 'f:resume']);
    expect(quitDialogOptions(plan).detail).toContain('f, round 1: is frozen (pf2): it is never voided, and its reveal window reopens when Pitboss starts again.');
  });
});
