// Verifies an export folder that is on the server machine (the server reads
// it; a browser cannot hand it a folder), optionally requiring that it was
// signed with this installation's key.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';
import { trackAuditJob } from './audit.ts';
import { ErrorText } from './ErrorText.tsx';

type Props = { fingerprint: string | null };

/** POSIX "/…", Windows "C:\…" or "\\server\share…": the server refuses anything relative. */
function looksAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

export function AuditVerifyForm({ fingerprint }: Props) {
  const queryClient = useQueryClient();
  const [dir, setDir] = useState('');
  const [pin, setPin] = useState(true);
  const [formError, setFormError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: api.startVerify,
    onSuccess: ({ job }) => trackAuditJob(queryClient, job),
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setFormError(null);
    start.reset();
    const path = dir.trim();
    if (!looksAbsolute(path)) {
      setFormError('Enter the absolute path of the export folder on the server machine');
      return;
    }
    start.mutate({ dir: path, ...(pin && fingerprint ? { fingerprint } : {}) });
  };

  return (
    <form className="panel audit-form" onSubmit={submit} data-testid="audit-verify-form">
      <h3>Verify a folder</h3>
      <label className="wide">
        Export folder <span className="muted">(absolute path on the server machine)</span>
        <input
          data-testid="audit-verify-dir"
          className="mono"
          placeholder="/home/dealer/Documents/pitboss-audit-…"
          value={dir}
          onChange={(event) => setDir(event.target.value)}
        />
      </label>
      <label className="check wide">
        <input type="checkbox" checked={pin} disabled={!fingerprint} onChange={(event) => setPin(event.target.checked)} />
        Require this installation's signing key
      </label>
      <div className="wide row">
        <button type="submit" data-testid="audit-verify-submit" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Verify'}
        </button>
        <ErrorText error={formError ?? start.error} />
      </div>
    </form>
  );
}
