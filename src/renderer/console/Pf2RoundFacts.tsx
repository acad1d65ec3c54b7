// A pf2 round's own facts in the round panel (docs/PF2.md §3, §4): the
// freeze digest and what it froze, the reveal window counting down, then who
// revealed and how many withheld, and the withheld counts of the table's
// recent rounds, so a dealer sees withholding as it happens and as a habit.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from './api.ts';
import type { OperatorTable } from '../../shared/api.ts';
import { Countdown } from './Countdown.tsx';
import { beaconSummary, pf2RoundFacts, revealSummary, shortDigest } from './pf2.ts';
import { recordReveal, useRecentReveals } from './pf2Reveals.ts';

/** How often an open reveal window's progress is read again. */
const REVEAL_POLL_MS = 500;

function RecentWithheld({ tableId }: { tableId: string }) {
  const recent = useRecentReveals(tableId);
  if (recent.length === 0) return <span className="muted">no reveal windows closed yet</span>;
  return (
    <ul className="pf2-withheld-list" data-testid="pf2-recent-withheld">
      {recent.map((reveal) => (
        <li key={reveal.round} className={reveal.withheld > 0 ? 'withheld' : ''} title={revealSummary(reveal)}>
          #{reveal.round}: {reveal.withheld}
        </li>
      ))}
    </ul>
  );
}

export function Pf2RoundFacts({ table }: { table: OperatorTable }) {
  const round = table.round;
  const facts = round ? pf2RoundFacts(round) : null;
  const revealed = round?.pf2?.revealed ?? null;
  // A console that joins after the window closed learns the reveal set from the snapshot, not the event.
  useEffect(() => {
    if (round && revealed) recordReveal(table.id, round.round, revealed);
  }, [table.id, round?.round, revealed]);
  // Reveals arrive without a table event: while the window is open the table is read again, so the count moves.
  const queryClient = useQueryClient();
  const windowOpen = facts?.revealClosesAt != null;
  useEffect(() => {
    if (!windowOpen) return;
    const timer = window.setInterval(() => void queryClient.invalidateQueries({ queryKey: queryKeys.tables }), REVEAL_POLL_MS);
    return () => window.clearInterval(timer);
  }, [windowOpen, queryClient]);

  return (
    <>
      <dt>Freeze</dt>
      <dd data-testid="pf2-freeze">
        {facts?.freeze ? (
          <>
            <span className="mono" title={facts.freeze}>
              {shortDigest(facts.freeze)}
            </span>{' '}
            <span className="muted">
              {facts.bettors ?? '?'} bettors · {facts.bets ?? '?'} bets frozen
            </span>
          </>
        ) : (
          <span className="muted">pf2 · frozen when betting closes</span>
        )}
      </dd>
      {facts?.revealClosesAt != null && (
        <>
          <dt>Reveal window</dt>
          <dd>
            <Countdown closesAt={facts.revealClosesAt} testId="pf2-reveal-countdown" />{' '}
            <span data-testid="pf2-reveal-progress">
              {facts.revealedSoFar} / {facts.bettors ?? '?'} revealed so far
            </span>{' '}
            <span className="muted">then the round draws itself</span>
          </dd>
        </>
      )}
      {facts?.reveal && (
        <>
          <dt>Revealed</dt>
          <dd data-testid="pf2-revealed" className={facts.reveal.withheld > 0 ? 'warn' : ''}>
            {revealSummary(facts.reveal)}
          </dd>
        </>
      )}
      {facts?.beacon && (
        <>
          <dt title="The public randomness the round draws from with the reveals (PF2.md §6)">Beacon</dt>
          <dd data-testid="pf2-beacon" className={facts.beacon.waitingSince !== null ? 'warn' : ''}>
            {beaconSummary(facts.beacon, (epochMs) => new Date(epochMs).toLocaleTimeString())}
          </dd>
        </>
      )}
      <dt title="Frozen bettors who did not reveal, per round, newest first">Withheld</dt>
      <dd>
        <RecentWithheld tableId={table.id} />
      </dd>
    </>
  );
}
