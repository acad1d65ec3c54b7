// Joining a table: pick a name; the page makes a random client seed for the
// fairness scheme and exchanges the invite for a session.
import { useState, type FormEvent } from 'react';
import type { JoinResponse } from '../../../shared/api.ts';
import { Limits, playerNameSchema } from '../../../shared/protocol.ts';
import { randomId } from '../lib/random-id.ts';
import { joinTable } from '../net/api-client.ts';

type Props = { invite: string; notice: string | null; onJoined: (session: JoinResponse) => void };

export function JoinForm({ invite, notice, onJoined }: Props) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const parsed = playerNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Pick a name');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onJoined(await joinTable({ invite, name: parsed.data, clientSeed: randomId(16) }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not join the table');
      setBusy(false);
    }
  };

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={(event) => void submit(event)}>
        <h1 className="brand">Pitboss</h1>
        <p>A live table, dealt as you watch. Choose the name the table will see.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label className="field">
          <span>Your name</span>
          <input
            data-testid="join-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={Limits.maxNameLength}
            autoComplete="nickname"
            autoFocus
            required
          />
        </label>
        {error && (
          // The join screen has no toast stack; its one error carries the toast test id so tests find errors one way.
          <p className="form-error" role="alert" data-testid="toast">
            {error}
          </p>
        )}
        <button className="primary" data-testid="join-submit" type="submit" disabled={busy}>
          {busy ? 'Joining…' : 'Take a seat'}
        </button>
      </form>
    </main>
  );
}
