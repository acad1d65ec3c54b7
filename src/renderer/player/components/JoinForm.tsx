// Joining a table: pick a name; the page makes a random client seed for the
// fairness scheme and exchanges the invite for a session. The name is checked
// here by the same rules as on the server, and a name the server refuses
// (taken, kept for staff) is explained next to the field, never cut or changed.
import { useState, type FormEvent } from 'react';
import type { JoinResponse } from '../../../shared/api.ts';
import { ErrorCode, Limits } from '../../../shared/protocol.ts';
import { playerNameSchema } from '../../../shared/player-name.ts';
import { randomId } from '../lib/random-id.ts';
import { ApiRequestError, joinTable } from '../net/api-client.ts';
import { browserId } from '../net/session-storage.ts';

type Props = { invite: string; notice: string | null; onJoined: (session: JoinResponse) => void };

const nameFieldPrefix = 'name: ';

/** The part of a refused join that is about the name, in the player's words; null when the refusal is about something else. */
function nameProblemOf(failure: unknown): string | null {
  if (!(failure instanceof ApiRequestError)) return null;
  if (failure.code === ErrorCode.NameTaken) return capitalised(failure.message);
  if (failure.code === ErrorCode.BadMessage && failure.message.startsWith(nameFieldPrefix)) return failure.message.slice(nameFieldPrefix.length);
  return null;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith('.') ? '' : '.');
}

export function JoinForm({ invite, notice, onJoined }: Props) {
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setError(null);
    const parsed = playerNameSchema.safeParse(name);
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message ?? 'Pick a name.');
      return;
    }
    setBusy(true);
    setNameError(null);
    try {
      onJoined(await joinTable({ invite, name: parsed.data, clientSeed: randomId(16), browserId: browserId() }));
    } catch (failure) {
      const problem = nameProblemOf(failure);
      if (problem !== null) setNameError(problem);
      else setError(failure instanceof Error ? capitalised(failure.message) : 'Could not join the table.');
      setBusy(false);
    }
  };

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={(event) => void submit(event)} noValidate>
        <h1 className="brand">Pitboss</h1>
        <p>A live table, dealt as you watch. Choose the name the table will see.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label className="field">
          <span>Your name (up to {Limits.maxNameLength} characters)</span>
          <input
            data-testid="join-name"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setNameError(null);
            }}
            autoComplete="nickname"
            aria-invalid={nameError !== null}
            aria-describedby={nameError !== null ? 'join-name-error' : undefined}
            autoFocus
            required
          />
        </label>
        {nameError && (
          // The join screen has no toast stack; its errors carry the toast test id so tests find errors one way.
          <p className="form-error" id="join-name-error" role="alert" data-testid="toast">
            {nameError}
          </p>
        )}
        {error && (
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
