// The files of a finished export, each a plain download link (the session
// cookie goes along), for a console in a browser that cannot open the
// folder on the server machine.
import type { AuditJob } from '../../shared/audit-api.ts';
import { auditFileUrl } from './api.ts';

const FILE_NOTES: Record<string, string> = {
  'records.jsonl': 'one signed-over record per round (JSON Lines)',
  'rounds.csv': 'rounds',
  'bets.csv': 'bets',
  'transfers.csv': 'ledger transfers',
  'manifest.json': 'counts, totals and file hashes',
  'manifest.sig': 'Ed25519 signature of manifest.json',
  'public-key.pem': 'the signing public key',
};

export function AuditExportFiles({ job }: { job: AuditJob }) {
  return (
    <ul className="audit-files">
      {job.files.map((name) => (
        <li key={name}>
          <a href={auditFileUrl(job.id, name)} download data-testid="audit-file" data-file={name}>
            {name}
          </a>{' '}
          <span className="muted">{FILE_NOTES[name] ?? ''}</span>
        </li>
      ))}
    </ul>
  );
}
