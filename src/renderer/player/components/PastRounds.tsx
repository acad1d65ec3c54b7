// Finished rounds with their revealed server seed, each with a Verify button.
// Rounds seen live come from this page's record; older ones from the table's
// history, whose seeds the proof brings when verified.
import { useState } from 'react';
import type { Outcome } from '../../../shared/protocol.ts';
import { usePlayerSession, usePlayerState } from '../hooks/player-context.ts';
import type { PlayerState } from '../state/player-state.ts';
import { OutcomeChip } from './OutcomeChip.tsx';
import { RoundVerification, type Verification } from './RoundVerification.tsx';
import { verifyRoundFromServer } from '../net/verify-round-from-server.ts';

const ROWS = 10;

type PastRound = { round: number; outcome: Outcome | null; serverSeed: string | null; voided: boolean };

function pastRounds(state: PlayerState): PastRound[] {
  const rows = new Map<number, PastRound>();
  for (const entry of state.history) {
    rows.set(entry.round, { round: entry.round, outcome: entry.outcome, serverSeed: null, voided: false });
  }
  for (const record of state.rounds) {
    if (record.serverSeed === null && record.phase !== 'voided') continue;
    rows.set(record.round, {
      round: record.round,
      outcome: record.outcome,
      serverSeed: record.serverSeed,
      voided: record.phase === 'voided',
    });
  }
  return [...rows.values()].sort((a, b) => b.round - a.round).slice(0, ROWS);
}

export function PastRounds() {
  const state = usePlayerState();
  const { session } = usePlayerSession();
  const [verification, setVerification] = useState<Verification | null>(null);
  const rows = pastRounds(state);

  const verify = async (round: number): Promise<void> => {
    setVerification({ round, status: 'loading' });
    const outcome = await verifyRoundFromServer(session.tableId, round, session.token);
    // Only the newest request may fill the panel, if the player clicked several rounds quickly.
    setVerification((current) => (current?.round === round ? { round, ...outcome } : current));
  };

  return (
    <div className="past-rounds">
      <h3>Past rounds</h3>
      {rows.length === 0 && <p className="muted">Seeds are revealed here after each result.</p>}
      <ul>
        {rows.map((row) => (
          <li key={row.round}>
            <span className="past-round-number">#{row.round}</span>
            {row.outcome !== null ? <OutcomeChip outcome={row.outcome} /> : <span className="muted">void</span>}
            <code className="hash past-seed" title="Revealed server seed">
              {row.serverSeed ?? (row.voided ? 'not revealed' : 'seed in proof')}
            </code>
            <button
              type="button"
              className="secondary small"
              data-testid="verify-round"
              data-round={row.round}
              disabled={verification?.round === row.round && verification.status === 'loading'}
              onClick={() => void verify(row.round)}
            >
              Verify
            </button>
          </li>
        ))}
      </ul>
      {verification && <RoundVerification verification={verification} />}
    </div>
  );
}
