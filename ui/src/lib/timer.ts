// Timer states on screen. The core sends each timer's times and its state when the view was
// built; the screen recomputes the state every second from the times with `timerState`, the same
// rule as the core's `Timer::state_at`: amber from `warn_at`, breached exactly at `due_at` (not a
// millisecond before), met or missed once stopped.
import type { Timer } from "./bindings/Timer";
import type { TimerState } from "./bindings/TimerState";

/** Milliseconds since the epoch of an RFC 3339 instant. Fractions beyond milliseconds are cut, as
 *  not every engine's `Date.parse` reads nanoseconds. */
export function instant(iso: string): number {
  return Date.parse(iso.replace(/(\.\d{3})\d+/, "$1"));
}

export type TimerTimes = Pick<Timer, "warn_at" | "due_at" | "stopped_at">;

/** The state of `timer` at `now` (milliseconds since the epoch). */
export function timerState(timer: TimerTimes, now: number): TimerState {
  const due = instant(timer.due_at);
  if (timer.stopped_at !== null) return instant(timer.stopped_at) <= due ? "met" : "missed";
  if (now >= due) return "breached";
  if (now >= instant(timer.warn_at)) return "warning";
  return "running";
}

/** Milliseconds until the timer is due at `now`; negative once overdue. A stopped timer counts
 *  to its stop, so a missed one says by how much. */
export function timeLeft(timer: TimerTimes, now: number): number {
  const end = timer.stopped_at === null ? now : instant(timer.stopped_at);
  return instant(timer.due_at) - end;
}
