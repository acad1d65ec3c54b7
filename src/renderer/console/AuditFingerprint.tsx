// The installation's signing key as an auditor checks it: the fingerprint
// (SHA-256 of the Ed25519 public key) in groups of four, four to a line, so
// it can be read aloud over the phone and compared with a verify report.
import { useAuditKey } from './audit.ts';
import { ErrorText } from './ErrorText.tsx';

/** "ab12 cd34 …" as rows of four groups. */
function rowsOf(grouped: string): string[] {
  const groups = grouped.split(/\s+/).filter((group) => group.length > 0);
  const rows: string[] = [];
  for (let index = 0; index < groups.length; index += 4) rows.push(groups.slice(index, index + 4).join(' '));
  return rows;
}

export function AuditFingerprint() {
  const key = useAuditKey();
  const current = key.data;
  const older = current ? current.keys.filter((known) => known.fingerprint !== current.fingerprint) : [];
  return (
    <section className="panel audit-key">
      <h3>
        Signing key <span className="muted">{key.data?.algorithm ?? 'Ed25519'} · SHA-256 fingerprint</span>
      </h3>
      <ErrorText error={key.error} />
      {key.isPending && <p className="muted">Loading…</p>}
      {key.data && (
        <>
          <p className="fingerprint" data-testid="audit-fingerprint" data-fingerprint={key.data.fingerprint} aria-label="Signing key fingerprint">
            {rowsOf(key.data.fingerprintGrouped).map((row, index) => (
              <span key={index}>{row}</span>
            ))}
          </p>
          <p className="muted">Every export is signed with this key. An auditor compares this fingerprint with the one the verify report prints.</p>
          {older.length > 0 && (
            <details>
              <summary className="muted">
                {older.length} earlier key{older.length === 1 ? '' : 's'} of this installation
              </summary>
              <ul className="mono known-keys">
                {older.map((known) => (
                  <li key={known.fingerprint}>
                    {known.fingerprint} <span className="muted">since {new Date(known.firstUsedAt).toLocaleString()}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
