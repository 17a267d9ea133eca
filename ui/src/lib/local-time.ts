// The `<input type="datetime-local">` value ("2026-05-14T03:12") ⇄ an RFC 3339 UTC instant. The
// input shows and takes the user's local time; the core stores UTC.

const pad = (n: number) => String(n).padStart(2, "0");

/** The local time of `at` as a datetime-local value, to the minute. */
export function toLocalInput(at: Date | string): string {
  const date = typeof at === "string" ? new Date(at) : at;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value read as local time, as an RFC 3339 UTC instant; null when it is empty
 *  or not a valid time. Parsed by hand, as engines differ on strings without an offset. */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
