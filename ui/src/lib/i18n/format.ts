// Locale-aware wording for what the core sends as data: phase names, durations,
// instants (shown in the user's local time zone, 24-hour clock) and file sizes.
import type { Phase } from "../bindings/Phase";
import { getLocale, t } from "./translate.svelte";

export const phaseName = (phase: Phase): string => t(`phase.${phase}`);

/** "< 1 min", "12 min", "1 h", "1 h 05 min", "2 d", "2 d 3 h". */
export function formatMinutes(totalMinutes: number): string {
  const minutes = Math.floor(totalMinutes);
  if (minutes < 1) return t("duration.underMinute");
  if (minutes < 60) return t("duration.minutes", { m: minutes });
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? t("duration.hours", { h }) : t("duration.hoursMinutes", { h, mm: String(rest).padStart(2, "0") });
  }
  const d = Math.floor(minutes / (24 * 60));
  const h = Math.floor((minutes % (24 * 60)) / 60);
  return h === 0 ? t("duration.days", { d }) : t("duration.daysHours", { d, h });
}

/** A duration in whole seconds: "45 s" under a minute, else as `formatMinutes` ("1 h 05 min");
 *  "—" for none. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "—";
  return seconds < 60 ? t("duration.seconds", { s: Math.max(0, Math.floor(seconds)) }) : formatMinutes(seconds / 60);
}

/** A span in milliseconds at minute precision, as `formatMinutes`. */
export const formatElapsed = (ms: number): string => formatMinutes(Math.max(0, ms) / 60_000);

/** A span in milliseconds as a running clock: "0:04:07", "27:15:00". */
export function formatClock(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: "time" | "shortTime" | "dayTime" | "date" | "day" | "utcDay"): Intl.DateTimeFormat {
  const locale = getLocale();
  const cacheKey = `${locale} ${kind}`;
  let found = formatters.get(cacheKey);
  if (!found) {
    const clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
    const day = { ...clock, day: "numeric", month: "short" } as const;
    const options: Intl.DateTimeFormatOptions =
      kind === "day" || kind === "utcDay"
        ? { day: "numeric", month: "short", year: "numeric", ...(kind === "utcDay" ? { timeZone: "UTC" } : {}) }
        : kind === "time" ? { ...clock, second: "2-digit" } : kind === "shortTime" ? clock : kind === "dayTime" ? day : { ...day, year: "numeric" };
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(cacheKey, found);
  }
  return found;
}

/** An RFC 3339 instant as local "HH:MM:SS". */
export const formatTime = (iso: string): string => formatter("time").format(new Date(iso));

/** An RFC 3339 instant as local "HH:MM" when it is today, else with the day: "14 May, 03:12". */
export function formatInstant(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  return at.toDateString() === now.toDateString() ? formatter("shortTime").format(at) : formatter("dayTime").format(at);
}

/** An RFC 3339 instant as a local date and time with the year: "14 May 2026, 03:12". */
export const formatDateTime = (iso: string): string => formatter("date").format(new Date(iso));

/** An RFC 3339 instant as a local date alone: "14 May 2026". */
export const formatDate = (iso: string): string => formatter("day").format(new Date(iso));

/** An RFC 3339 instant as its UTC day, for periods counted in UTC days (the metrics' buckets):
 *  Monday 00:00 UTC reads as that Monday in every time zone. */
export const formatUtcDay = (iso: string): string => formatter("utcDay").format(new Date(iso));

/** A file size: whole kilobytes below a megabyte ("412 KB"), else megabytes ("2.3 MB"). The core
 *  sends a u64, typed `bigint` but a number once it has crossed IPC as JSON. */
export function formatSize(bytes: number | bigint): string {
  const kilobytes = Math.ceil(Number(bytes) / 1024);
  if (kilobytes < 1024) return t("size.kilobytes", { n: kilobytes });
  const megabytes = Number(bytes) / (1024 * 1024);
  return t("size.megabytes", { n: megabytes.toLocaleString(getLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
}
