// The player page pins the signing key the dealer's invite link names
// (PF2.md §7): a table presenting another key gets a standing alarm and
// nothing signed under it is trusted; the key the link names is taken.
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/shared/audit/fingerprint.ts';
import { hexToBytes } from '../../src/shared/fairness/pf1.ts';
import { keyFingerprintFromHash } from '../../src/renderer/player/net/invite.ts';
import { applyWelcomeKeys } from '../../src/renderer/player/state/pf2-reducer.ts';
import { initialPlayerState } from '../../src/renderer/player/state/player-state.ts';

const key = 'ab'.repeat(32);
const other = 'cd'.repeat(32);
const fingerprint = fingerprintOf(hexToBytes(key));

describe('the key an invite link pins', () => {
  it('reads the fingerprint from the link, and nothing that is not 64 hex digits', () => {
    expect(keyFingerprintFromHash(`#invite=AbCdEfGh1234&key=${fingerprint}`)).toBe(fingerprint);
    expect(keyFingerprintFromHash('#invite=AbCdEfGh1234')).toBeNull();
    expect(keyFingerprintFromHash(`#invite=AbCdEfGh1234&key=${fingerprint.toUpperCase()}`)).toBeNull();
    expect(keyFingerprintFromHash(`#invite=AbCdEfGh1234&key=${fingerprint.slice(1)}`)).toBeNull();
  });

  it('takes the key the link names, and alarms on another without trusting it', () => {
    const pinned = initialPlayerState(null, fingerprint);
    expect(applyWelcomeKeys(pinned, 'p-1', key).pf2).toMatchObject({ statementKey: key, keyAlarm: null });
    const wrong = applyWelcomeKeys(pinned, 'p-1', other);
    expect(wrong.pf2.statementKey).toBeNull();
    expect(wrong.pf2.keyAlarm).toMatch(/not the one in your invite link/);
    expect(wrong.toasts.at(-1)?.message).toMatch(/^Fairness alarm/);
  });

  it('without a link key, trusts the first key it sees and alarms when it changes', () => {
    const first = applyWelcomeKeys(initialPlayerState(), 'p-1', key);
    expect(first.pf2.statementKey).toBe(key);
    const changed = applyWelcomeKeys(first, 'p-1', other);
    expect(changed.pf2.statementKey).toBe(key);
    expect(changed.pf2.keyAlarm).toMatch(/different statement key/);
  });
});
