// The invite code travels in the fragment (/player/#invite=<code>), which a
// browser never sends to a server or writes into a Referer header.
const INVITE_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export function inviteFromHash(hash: string): string | null {
  const invite = new URLSearchParams(hash.replace(/^#/, '')).get('invite');
  return invite !== null && INVITE_PATTERN.test(invite) ? invite : null;
}
