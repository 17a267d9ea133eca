// The drill clock as the window shows it: counted on from the core's figure while it runs.
import type { DrillRun } from "./bindings/DrillRun";

/** Drill time in milliseconds at `now` (epoch ms), from the view's `elapsed_ms` as of `as_of`. */
export function drillElapsed(drill: DrillRun, now: number): number {
  if (!drill.running) return drill.elapsed_ms;
  return drill.elapsed_ms + Math.max(0, now - Date.parse(drill.as_of)) * drill.speed;
}

/** "T+5:07" or "T+1:02:03": drill time as a facilitator reads it. */
export function drillClockLabel(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `T+${h}:${pad(m)}:${pad(s)}` : `T+${m}:${pad(s)}`;
}

/** "T+5 min", "T+1 h 30 min", "T+45 s", as the core writes an inject's offset. */
export function offsetLabel(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h} h`);
  if (m > 0) parts.push(`${m} min`);
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return `T+${parts.join(" ")}`;
}
