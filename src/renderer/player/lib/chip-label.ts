// Short amount labels for chips, where "25.00" does not fit: built on
// formatMinor so there is still one way money turns into text.
import { formatMinor } from '../../../shared/money.ts';

/** 2500 -> "25", 250 -> "2.50", 150000 -> "1,500". */
export function chipLabel(amountMinor: number): string {
  return formatMinor(amountMinor).replace(/\.00$/, '');
}

/** The chips a player can pick, in minor units (1, 5, 25, 100 and 500 major). */
export const CHIP_VALUES_MINOR = [100, 500, 2500, 10_000, 50_000] as const;

/** The chip colour for a stack: the largest chip value that fits in it. */
export function chipTier(amountMinor: number): number {
  let tier: number = CHIP_VALUES_MINOR[0];
  for (const value of CHIP_VALUES_MINOR) if (amountMinor >= value) tier = value;
  return tier;
}
