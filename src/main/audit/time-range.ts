// The instants an export range is given in. ISO 8601 only, and never local
// time: "2025-06-01" is midnight UTC, a date-time needs Z or an offset, so
// the same command exports the same rounds on every auditor's machine.

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch; throws with a message naming `what` on anything else. */
export function parseInstant(text: string, what: string): number {
  const trimmed = text.trim();
  const iso = datePattern.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed;
  const time = dateTimePattern.test(iso) ? Date.parse(iso) : Number.NaN;
  if (!Number.isSafeInteger(time) || time < 0) {
    throw new Error(`${what} must be an ISO 8601 date (2025-06-01, read as UTC) or date-time with Z or an offset (2025-06-01T18:00:00+02:00), not ${JSON.stringify(text)}`);
  }
  return time;
}

/** No upper bound given: everything up to now and beyond. */
export const END_OF_TIME = 8_640_000_000_000_000;
