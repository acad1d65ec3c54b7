// The files of a finished export, each a download link, for a console in a
// browser that cannot open the folder on the server machine. A link alone
// would carry only the cookie, so a click fetches the file with the operator
// secret and saves it from a blob.
import { useState, type MouseEvent } from 'react';
import type { AuditJob } from '../../shared/audit-api.ts';
import { auditFileUrl, downloadAuditFile } from './api.ts';
import { ErrorText } from './ErrorText.tsx';

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
  const [failure, setFailure] = useState<unknown>(null);
  const download = (event: MouseEvent<HTMLAnchorElement>, name: string): void => {
    event.preventDefault();
    setFailure(null);
    downloadAuditFile(job.id, name, `${job.tableId ?? 'export'}-${name}`).catch(setFailure);
  };
  return (
    <>
      <ul className="audit-files">
        {job.files.map((name) => (
          <li key={name}>
            <a href={auditFileUrl(job.id, name)} onClick={(event) => download(event, name)} data-testid="audit-file" data-file={name}>
              {name}
            </a>{' '}
            <span className="muted">{FILE_NOTES[name] ?? ''}</span>
          </li>
        ))}
      </ul>
      <ErrorText error={failure} />
    </>
  );
}
