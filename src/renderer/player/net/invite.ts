// The invite code travels in the fragment (/player/#invite=<code>), which a
// browser never sends to a server or writes into a Referer header.
const INVITE_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** The fingerprint of the table's signing key the invite link carries (#invite=…&key=…), which the page pins (PF2.md §7). */
export function keyFingerprintFromHash(hash: string): string | null {
  const key = new URLSearchParams(hash.replace(/^#/, '')).get('key');
  return key !== null && /^[0-9a-f]{64}$/.test(key) ? key : null;
}

export function inviteFromHash(hash: string): string | null {
  const invite = new URLSearchParams(hash.replace(/^#/, '')).get('invite');
  return invite !== null && INVITE_PATTERN.test(invite) ? invite : null;
}
