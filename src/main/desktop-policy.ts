// Pure decisions of the desktop shell, kept out of the wiring so they are
// tested without Electron: which URLs may leave the app, which pages the
// window may show, which IPC senders are trusted, what a file may be named.

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * The openExternal allowlist: only web links, and only to the system browser.
 * file:, smb:, custom schemes and the like are the ones that run programs or
 * reach the file system, so they never leave the app; nor do links that carry
 * credentials, which a phishing page uses to disguise the real host.
 */
export function isAllowedExternalUrl(raw: string): boolean {
  const url = parse(raw);
  if (!url || raw.length > 2048) return false;
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
}

/** An invite link as the server builds it: `<public origin>/player/#invite=<code>`. */
export function isInviteUrl(raw: string): boolean {
  const url = parse(raw);
  // The fragment carries the invite and, since pf2, the fingerprint of the key the page pins (PF2.md §7).
  return url !== null && isAllowedExternalUrl(raw) && url.pathname === '/player/' && /^#invite=[\w-]{8,64}(&key=[0-9a-f]{64})?$/.test(url.hash);
}

/** The window may only ever show pages of the embedded server (blob: URLs it made count as its own). */
export function isOwnPage(raw: string, serverOrigin: string): boolean {
  return parse(raw)?.origin === serverOrigin;
}

/** The dealer's console: the only page the preload's bridge answers. */
export function isConsolePage(raw: string, serverOrigin: string): boolean {
  const url = parse(raw);
  return url !== null && url.origin === serverOrigin && url.pathname.startsWith('/console/');
}

/** The parts of an IPC event the sender check reads (Electron's IpcMainInvokeEvent has them). */
export type IpcSenderInfo = {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
};

/**
 * IPC is answered only for the console's top frame in our own window: not an
 * iframe (even a same-origin one), not another webContents, not a frame that
 * has navigated away or been destroyed (senderFrame null).
 */
export function isTrustedSender(event: IpcSenderInfo, expectedSender: unknown, serverOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (expectedSender === null || event.sender !== expectedSender) return false;
  return isConsolePage(frame.url, serverOrigin);
}

/**
 * The only browser permission a page gets: writing to the clipboard (the
 * console's "copy invite link"), and only for our own pages. Camera,
 * microphone, geolocation, notifications (the shell shows those), MIDI,
 * USB and the rest are refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, serverOrigin: string): boolean {
  return permission === 'clipboard-sanitized-write' && isOwnPage(requestingUrl, serverOrigin);
}

/**
 * A default file name the page suggested, made safe to offer in a save
 * dialog: no folders, no characters Windows refuses, no leading dots.
 */
export function safeFileName(raw: string, fallback = 'pitboss-export'): string {
  const cleaned = raw
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
    .replace(/^[.\s-]+|[.\s-]+$/g, '')
    .slice(0, 120);
  return cleaned === '' ? fallback : cleaned;
}
