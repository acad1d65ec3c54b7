// Pure decisions of the desktop shell, kept out of index.ts so they are
// tested without Electron: which URLs may open, which windows may exist,
// which IPC senders are trusted.

/** Only web links leave the app, and only to the system browser. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
}

/** The window may only ever show pages of the embedded server. */
export function isOwnPage(raw: string, serverOrigin: string): boolean {
  try {
    return new URL(raw).origin === serverOrigin;
  } catch {
    return false;
  }
}

export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const;
