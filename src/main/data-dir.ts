// Where Pitboss keeps its database when not told otherwise: the platform's
// per-user application-data folder (the same place Electron's userData is).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Pitboss');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Pitboss');
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Pitboss');
  }
}
