// TLS for https:// and wss:// on the LAN: the operator's own certificate, or
// a self-signed one generated once and kept in the data folder (so players
// accept it once, not at every restart).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export type TlsMaterial = { cert: string; key: string };

export function readTlsFiles(certFile: string, keyFile: string): TlsMaterial {
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** Loads the installation's self-signed certificate, creating it on first use. */
export async function selfSignedTls(dataDir: string, extraNames: readonly string[] = []): Promise<TlsMaterial> {
  const folder = join(dataDir, 'tls');
  const certFile = join(folder, 'self-signed.crt');
  const keyFile = join(folder, 'self-signed.key');
  if (existsSync(certFile) && existsSync(keyFile)) return readTlsFiles(certFile, keyFile);
  const names = ['localhost', hostname(), ...extraNames];
  const generated = await generate([{ name: 'commonName', value: 'Pitboss table' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 825 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...new Set(names)].map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, generated.private, { mode: 0o600 });
  writeFileSync(certFile, generated.cert, { mode: 0o644 });
  return { cert: generated.cert, key: generated.private };
}
