// A round phase as a coloured badge; the colour is the fastest cue a dealer gets.
import type { Phase } from '../../shared/protocol.ts';

export function PhaseBadge({ phase }: { phase: Phase }) {
  return <span className={`badge phase-${phase}`}>{phase}</span>;
}
