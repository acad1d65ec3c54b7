// Why a round moves, as recorded in `openedBy` and `voidedBy`
// (docs/audit-format.md): the dealer at the console, the table's own timer,
// or the system (recovery, shutdown). The round machine branches on these,
// never on free-form strings.
export const Cause = {
  Operator: 'operator',
  Auto: 'auto',
  System: 'system',
} as const;
export type Cause = (typeof Cause)[keyof typeof Cause];
