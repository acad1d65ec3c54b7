// Money is integer minor units everywhere; this is the one place that turns
// it into text for people. Never parse display strings back into money.

/** 123456 -> "1,234.56" (two decimals; every currency Pitboss supports has them). */
export function formatMinor(amountMinor: number, currency?: string): string {
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  const major = Math.floor(absolute / 100);
  const cents = String(absolute % 100).padStart(2, '0');
  const grouped = String(major).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}.${cents}${currency ? ` ${currency}` : ''}`;
}

/** Parses what a person typed ("12", "12.5", "12.50") into minor units, or null. */
export function parseMajorToMinor(text: string): number | null {
  const match = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const major = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  return major * 100 + cents;
}
