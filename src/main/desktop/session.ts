// The browser session the console runs in: the operator's session as an
// HttpOnly cookie (never in a URL, renewed before the server would expire
// it) and its second secret in the console URL's fragment, permissions
// refused, a CSP on every response, downloads only from the embedded server
// and always through the native save dialog.
import { join } from 'node:path';
import { OPERATOR_COOKIE, OPERATOR_SECRET_FRAGMENT } from '../../shared/api.ts';
import { isOwnPage, isPermissionAllowed, safeFileName } from '../desktop-policy.ts';
import { contentSecurityPolicy } from '../server/static-files.ts';
import type { SessionLike } from './electron-api.ts';

export function hardenSession(session: SessionLike, origin: string, documentsDir: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, origin)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, origin));

  // The server already sends this policy with its pages; this covers every
  // other response too (API bodies, error pages) so nothing renders without one.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = details.responseHeaders ?? {};
    const hasPolicy = Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy');
    callback({ responseHeaders: hasPolicy ? headers : { ...headers, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });

  // Exports downloaded the way a browser console downloads them get the
  // native save dialog here; anything not from our own server is refused.
  session.on('will-download', (event, item) => {
    if (!isOwnPage(item.getURL(), origin)) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ title: 'Save Export', defaultPath: join(documentsDir, safeFileName(item.getFilename())) });
  });
}

/** Sessions last 12 hours on the server; the shell renews well before that. */
export const operatorSessionRenewalMs = 60 * 60_000;

/**
 * The console page, handed its operator secret in the URL fragment (never
 * sent to a server), as the browser console login hands it: the page moves
 * it to sessionStorage and clears the fragment.
 */
export function consolePageUrl(origin: string, secret: string): string {
  return `${origin}/console/#${OPERATOR_SECRET_FRAGMENT}=${secret}`;
}

export async function setOperatorCookie(session: SessionLike, origin: string, token: string): Promise<void> {
  await session.cookies.set({ url: origin, path: '/', name: OPERATOR_COOKIE, value: token, httpOnly: true, sameSite: 'strict' });
}
