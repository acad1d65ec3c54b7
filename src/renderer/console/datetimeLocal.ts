// <input type="datetime-local"> speaks the dealer's local wall-clock time
// without an offset ("2025-06-01T18:00"); the audit API wants ISO 8601 with
// Z or an offset, so the form converts at the edge, never in between.

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The input's value for an instant, in local time, to the minute. */
export function toDatetimeLocal(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant an input's value means (local time), or null when it is empty or malformed. */
export function fromDatetimeLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  // A date-time without an offset is local time (ECMAScript Date.parse).
  const at = new Date(value).getTime();
  return Number.isFinite(at) ? at : null;
}
