// The console's views, switched from the header: the table workspace (the
// default, where a dealer spends the shift), live health and the audit.
export type ConsoleView = 'tables' | 'health' | 'audit';

const VIEWS: readonly { view: ConsoleView; label: string }[] = [
  { view: 'tables', label: 'Tables' },
  { view: 'health', label: 'Health' },
  { view: 'audit', label: 'Audit' },
];

type Props = { view: ConsoleView; onView: (view: ConsoleView) => void };

export function ViewTabs({ view, onView }: Props) {
  return (
    <nav className="tabs" role="tablist" aria-label="Console views">
      {VIEWS.map((entry) => (
        <button
          key={entry.view}
          type="button"
          role="tab"
          data-testid={`${entry.view}-tab`}
          aria-selected={entry.view === view}
          className={entry.view === view ? 'tab selected' : 'tab'}
          onClick={() => onView(entry.view)}
        >
          {entry.label}
        </button>
      ))}
    </nav>
  );
}
