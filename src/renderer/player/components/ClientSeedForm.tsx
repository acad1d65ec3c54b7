// My client seed, my contribution to every round I bet in. Editable; the
// server records it at my first accepted bet of a round.
import { useState, type FormEvent } from 'react';
import { Limits, clientSeedSchema } from '../../../shared/protocol.ts';
import { useCommands, usePlayerState } from '../hooks/player-context.ts';

export function ClientSeedForm() {
  const state = usePlayerState();
  const { setClientSeed } = useCommands();
  // null: not edited, so the input follows the seed the server holds. After
  // Save the draft stays, so the field does not flash back to the old seed
  // before the ack; once acked it equals the server's seed.
  const [draft, setDraft] = useState<string | null>(null);
  const current = state.clientSeed ?? '';
  const value = draft ?? current;
  const valid = clientSeedSchema.safeParse(value).success;
  const saving = state.outbox.some((request) => request.kind === 'seed.set');

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!valid || value === current) return;
    setClientSeed(value);
  };

  return (
    <form className="seed-form" onSubmit={submit}>
      <label className="field">
        <span>My client seed</span>
        <input
          data-testid="client-seed-input"
          value={value}
          onChange={(event) => setDraft(event.target.value)}
          maxLength={Limits.maxClientSeedLength}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-invalid={!valid}
        />
      </label>
      <button
        type="submit"
        className="secondary"
        data-testid="client-seed-save"
        disabled={!valid || value === current || saving}
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
      {!valid && <p className="form-error">1–64 characters: letters, digits, _ and - only</p>}
      <p className="muted seed-hint">Recorded for a round when your first bet in it is accepted.</p>
    </form>
  );
}
