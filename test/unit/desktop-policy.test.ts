// The shell's pure decisions: which links leave the app, which pages and IPC
// senders are ours, which permissions a page gets, what a file may be named.
import { describe, expect, it } from 'vitest';
import {
  isAllowedExternalUrl,
  isConsolePage,
  isInviteUrl,
  isOwnPage,
  isPermissionAllowed,
  isTrustedSender,
  safeFileName,
} from '../../src/main/desktop-policy.ts';

const origin = 'http://127.0.0.1:7300';

describe('openExternal allowlist', () => {
  it('lets web links through', () => {
    expect(isAllowedExternalUrl('https://example.com/docs?x=1')).toBe(true);
    expect(isAllowedExternalUrl('http://192.168.1.20:7300/player/#invite=abc')).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'vbscript:msgbox',
    'data:text/html,<script>1</script>',
    'https://user:password@bank.example/',
    'https://:secret@bank.example/',
    'not a url',
    '',
    `https://example.com/${'a'.repeat(2100)}`,
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('knows an invite link from any other page', () => {
    expect(isInviteUrl(`${origin}/player/#invite=AbC_-12345678`)).toBe(true);
    expect(isInviteUrl('https://table.example.com/player/#invite=AbC_-12345678')).toBe(true);
    expect(isInviteUrl(`${origin}/console/`)).toBe(false);
    expect(isInviteUrl(`${origin}/player/#invite=<script>`)).toBe(false);
    // With the signing key's fingerprint the page pins; only that, exactly.
    expect(isInviteUrl(`${origin}/player/#invite=AbC_-12345678&key=${'ab'.repeat(32)}`)).toBe(true);
    expect(isInviteUrl(`${origin}/player/#invite=AbC_-12345678&key=${'ab'.repeat(31)}`)).toBe(false);
    expect(isInviteUrl(`${origin}/player/#invite=AbC_-12345678&key=${'ab'.repeat(32)}&next=evil`)).toBe(false);
    expect(isInviteUrl('file:///player/#invite=AbC_-12345678')).toBe(false);
  });
});

describe('own pages', () => {
  it('matches the exact origin, blob: URLs it made included', () => {
    expect(isOwnPage(`${origin}/console/`, origin)).toBe(true);
    expect(isOwnPage(`blob:${origin}/0b9c-11`, origin)).toBe(true);
    expect(isOwnPage('http://127.0.0.1:7301/console/', origin)).toBe(false);
    expect(isOwnPage('http://localhost:7300/console/', origin)).toBe(false);
    expect(isOwnPage('data:text/html,hi', origin)).toBe(false);
  });

  it('the console is only /console/ on our origin', () => {
    expect(isConsolePage(`${origin}/console/`, origin)).toBe(true);
    expect(isConsolePage(`${origin}/console/#/tables`, origin)).toBe(true);
    expect(isConsolePage(`${origin}/player/`, origin)).toBe(false);
    expect(isConsolePage('https://evil.example/console/', origin)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const contents = { id: 1 };
  const frame = (url: string, parent: unknown = null) => ({ url, parent });

  it('trusts the console top frame of our window only', () => {
    expect(isTrustedSender({ sender: contents, senderFrame: frame(`${origin}/console/`) }, contents, origin)).toBe(true);
  });

  it('refuses iframes, other origins, other pages, other windows, and gone frames', () => {
    const console_ = `${origin}/console/`;
    expect(isTrustedSender({ sender: contents, senderFrame: frame(console_, frame(console_)) }, contents, origin)).toBe(false);
    expect(isTrustedSender({ sender: contents, senderFrame: frame('https://evil.example/console/') }, contents, origin)).toBe(false);
    expect(isTrustedSender({ sender: contents, senderFrame: frame(`${origin}/player/`) }, contents, origin)).toBe(false);
    expect(isTrustedSender({ sender: { id: 2 }, senderFrame: frame(console_) }, contents, origin)).toBe(false);
    expect(isTrustedSender({ sender: contents, senderFrame: null }, contents, origin)).toBe(false);
    // Before the window exists nothing is trusted.
    expect(isTrustedSender({ sender: contents, senderFrame: frame(console_) }, null, origin)).toBe(false);
  });
});

describe('permissions', () => {
  it('grants clipboard writes to our pages and nothing else to anyone', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', `${origin}/console/`, origin)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', origin)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'usb', 'fileSystem']) {
      expect(isPermissionAllowed(permission, `${origin}/console/`, origin)).toBe(false);
    }
  });
});

describe('safe file names', () => {
  it.each([
    ['rounds 2026-05-01', 'rounds 2026-05-01'],
    ['../../etc/passwd', 'etc-passwd'],
    ['C:\\Windows\\system32', 'C-Windows-system32'],
    ['.hidden', 'hidden'],
    ['a<b>c:d"e|f?g*h', 'a-b-c-d-e-f-g-h'],
    ['line\nbreak\u0000', 'line-break'],
    ['...', 'pitboss-export'],
    ['', 'pitboss-export'],
  ])('%j becomes %j', (raw, safe) => {
    expect(safeFileName(raw)).toBe(safe);
  });

  it('is never longer than 120 characters', () => {
    expect(safeFileName('x'.repeat(500))).toHaveLength(120);
  });
});
