// One number of the health view's top row: a label and the latest value.
type Props = { label: string; value: string; testId: string; tone?: string };

export function HealthStat({ label, value, testId, tone = '' }: Props) {
  return (
    <div className="health-stat" data-testid={testId}>
      <span className="muted">{label}</span>
      <strong className={tone}>{value}</strong>
    </div>
  );
}
