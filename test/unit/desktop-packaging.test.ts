// The packaging configuration: targets, the hardened fuses, better-sqlite3
// unpacked from the asar, the same identity as the running app, and the
// npm scripts the README documents.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appId, productName } from '../../src/main/desktop/identity.ts';
import { repositoryRoot } from '../support/harness.ts';

type BuilderConfig = {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; files: string[] };
  win: { target: string[]; files: string[] };
  mac: { target: string[]; files: string[] };
};

const config = createRequire(import.meta.url)(join(repositoryRoot, 'electron-builder.config.cjs')) as BuilderConfig;

describe('electron-builder.config.cjs', () => {
  it('uses the identity the running app uses', () => {
    expect(config.appId).toBe(appId);
    expect(config.productName).toBe(productName);
  });

  it('builds AppImage and deb, NSIS, and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('flips the fuses the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app and unpacks the SQLite addon, keeping only each platform\'s binaries', () => {
    expect(config.files).toContain('out/**');
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**']);
    expect(config.linux.files.join(' ')).not.toContain('prebuilds/linux-');
    expect(config.linux.files.join(' ')).toContain('prebuilds/win32-');
    expect(config.win.files.join(' ')).toContain('prebuilds/darwin-');
    expect(config.mac.files.join(' ')).toContain('prebuilds/linux-');
  });
});

describe('npm scripts', () => {
  const scripts = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('has dist (build, then package) and security:scan', () => {
    expect(scripts.dist).toBe('electron-vite build && electron-builder --config electron-builder.config.cjs --publish never');
    expect(scripts['security:scan']).toBe('node scripts/security-scan.ts');
  });

  it('points Electron at the built main process', () => {
    expect((JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { main: string }).main).toBe('out/main/index.js');
  });
});
