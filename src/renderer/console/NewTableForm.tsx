// "New table": amounts are typed in major units and converted with
// parseMajorToMinor (money never passes through a float); the request is
// checked against the same schema the server uses before it is sent. The
// fairness scheme is fixed at creation, so the form says what pf2 means and
// why blackjack cannot have it; it starts on the game's default scheme.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_DECISION_MS, FAIRNESS_SCHEMES, createTableSchema, defaultFairnessFor, type CreateTableRequest } from '../../shared/api.ts';
import { parseMajorToMinor } from '../../shared/money.ts';
import { GameId, gameIdSchema } from '../../shared/protocol.ts';
import { api } from './api.ts';
import { ErrorText } from './ErrorText.tsx';
import { GAME_LABELS } from './games.ts';
import { BEACON_LABELS, DEFAULT_REVEAL_WINDOW_SECONDS, FAIRNESS_LABELS, fairnessAfterGameChange, fairnessFields, type BeaconChoice } from './newTableFairness.ts';
import { putTable } from './tablesCache.ts';

const DEFAULT_GAME = GameId.RouletteEu;

const DEFAULTS = {
  name: '',
  game: DEFAULT_GAME as GameId,
  currency: 'EUR',
  minBet: '1.00',
  maxSpot: '500.00',
  maxRound: '2000.00',
  bettingWindowSeconds: '15',
  lastCallSeconds: '3',
  resultPauseSeconds: '5',
  decisionSeconds: String(DEFAULT_DECISION_MS / 1000),
  autoCycle: false,
  houseFloat: '0.00',
  joinCredit: '1000.00',
  fairness: defaultFairnessFor(DEFAULT_GAME),
  revealWindowSeconds: DEFAULT_REVEAL_WINDOW_SECONDS,
  beacon: 'default' as BeaconChoice,
};
type Fields = typeof DEFAULTS;

function money(label: string, text: string): number {
  const minor = parseMajorToMinor(text);
  if (minor === null) throw new Error(`${label}: enter an amount like 12.50`);
  return minor;
}

function milliseconds(label: string, text: string): number {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new Error(`${label}: enter a number of seconds`);
  return Math.round(seconds * 1000);
}

/** Turns the form's text into a request, or throws a message for the operator. */
function toRequest(fields: Fields): CreateTableRequest {
  const request: CreateTableRequest = {
    name: fields.name.trim(),
    game: fields.game,
    currency: fields.currency.trim().toUpperCase(),
    minBetMinor: money('Min bet', fields.minBet),
    maxSpotMinor: money('Max per spot', fields.maxSpot),
    maxRoundMinor: money('Max per round', fields.maxRound),
    bettingWindowMs: milliseconds('Betting window', fields.bettingWindowSeconds),
    lastCallMs: milliseconds('Last call', fields.lastCallSeconds),
    resultPauseMs: milliseconds('Result pause', fields.resultPauseSeconds),
    // Only blackjack has decisions to time.
    ...(fields.game === 'blackjack' ? { decisionMs: milliseconds('Decision timer', fields.decisionSeconds) } : {}),
    autoCycle: fields.autoCycle,
    houseFloatMinor: money('House float', fields.houseFloat),
    joinCreditMinor: money('Join credit', fields.joinCredit),
    ...fairnessFields(fields.fairness, fields.revealWindowSeconds, fields.beacon),
  };
  const checked = createTableSchema.safeParse(request);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(issue ? `${issue.path.join('.') || 'table'}: ${issue.message}` : 'invalid table');
  }
  if (request.minBetMinor > request.maxSpotMinor) throw new Error('Min bet is above the max per spot');
  if (request.maxSpotMinor > request.maxRoundMinor) throw new Error('Max per spot is above the max per round');
  return request;
}

export function NewTableForm({ onCreated }: { onCreated: (tableId: string) => void }) {
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Fields>(DEFAULTS);
  const [formError, setFormError] = useState<string | null>(null);
  // Until the dealer picks a scheme, the form follows the chosen game's default.
  const [fairnessPicked, setFairnessPicked] = useState(false);
  const create = useMutation({
    mutationFn: api.createTable,
    onSuccess: ({ table }) => {
      putTable(queryClient, table);
      setFields((current) => ({ ...current, name: '' }));
      onCreated(table.id);
    },
  });

  const set = <K extends keyof Fields>(key: K, value: Fields[K]): void => setFields((current) => ({ ...current, [key]: value }));
  const text = (key: Exclude<keyof Fields, 'game' | 'autoCycle' | 'fairness'>) => ({
    value: fields[key],
    onChange: (event: { target: { value: string } }) => set(key, event.target.value),
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setFormError(null);
    create.reset();
    try {
      create.mutate(toRequest(fields));
    } catch (error) {
      setFormError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <form className="panel new-table" onSubmit={submit}>
      <h2>New table</h2>
      <label className="wide">
        Name
        <input data-testid="new-table-name" required maxLength={40} placeholder="Main roulette" {...text('name')} />
      </label>
      <label className="wide">
        Game
        <select
          data-testid="new-table-game"
          value={fields.game}
          onChange={(event) => {
            const game = gameIdSchema.parse(event.target.value);
            set('game', game);
            set('fairness', fairnessAfterGameChange(game, fields.fairness, fairnessPicked));
          }}
        >
          {gameIdSchema.options.map((game) => (
            <option key={game} value={game}>
              {GAME_LABELS[game]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Currency
        <input maxLength={3} pattern="[A-Za-z]{3}" {...text('currency')} />
      </label>
      <label>
        Min bet
        <input inputMode="decimal" {...text('minBet')} />
      </label>
      <label>
        Max per spot
        <input inputMode="decimal" {...text('maxSpot')} />
      </label>
      <label>
        Max per round
        <input inputMode="decimal" {...text('maxRound')} />
      </label>
      <label>
        Betting window s
        <input inputMode="decimal" {...text('bettingWindowSeconds')} />
      </label>
      <label>
        Last call s
        <input inputMode="decimal" {...text('lastCallSeconds')} />
      </label>
      <label>
        Result pause s
        <input inputMode="decimal" {...text('resultPauseSeconds')} />
      </label>
      {fields.game === 'blackjack' && (
        <label title="Time each seat has for a decision (and for insurance); a seat that runs out stands">
          Decision timer s
          <input data-testid="new-table-decision-seconds" inputMode="decimal" {...text('decisionSeconds')} />
        </label>
      )}
      <label>
        House float
        <input inputMode="decimal" {...text('houseFloat')} />
      </label>
      <label>
        Join credit
        <input inputMode="decimal" {...text('joinCredit')} />
      </label>
      <label className="wide" title="Fixed when the table is created: pf2 freezes the bets at close and waits for the bettors' secrets">
        Fairness
        <select
          data-testid="new-table-fairness"
          value={fields.fairness}
          onChange={(event) => {
            set('fairness', event.target.value === 'pf2' ? 'pf2' : 'pf1');
            setFairnessPicked(true);
          }}
        >
          {FAIRNESS_SCHEMES.map((scheme) => (
            <option key={scheme} value={scheme}>
              {FAIRNESS_LABELS[scheme]}
            </option>
          ))}
        </select>
      </label>
      {fields.fairness === 'pf2' && (
        <label title="How long bettors have to reveal their secrets after betting closes (0.5–5 s); then the round draws itself">
          Reveal window s
          <input data-testid="new-table-reveal-window" inputMode="decimal" {...text('revealWindowSeconds')} />
        </label>
      )}
      {fields.fairness === 'pf2' && (
        <label title="drand's public randomness, fixed at the freeze, drawn with the reveals: nobody, the table included, can pick among outcomes (needs the internet)">
          Public beacon
          <select data-testid="new-table-beacon" value={fields.beacon} onChange={(event) => set('beacon', event.target.value as BeaconChoice)}>
            {(Object.keys(BEACON_LABELS) as BeaconChoice[]).map((choice) => (
              <option key={choice} value={choice}>
                {BEACON_LABELS[choice]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="check wide">
        <input type="checkbox" checked={fields.autoCycle} onChange={(event) => set('autoCycle', event.target.checked)} />
        Auto-cycle rounds
      </label>
      <div className="wide row">
        <button type="submit" className="primary" data-testid="new-table-submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create table'}
        </button>
        <ErrorText error={formError ?? create.error} />
      </div>
    </form>
  );
}
