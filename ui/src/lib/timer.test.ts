// The timer state rule at its boundaries, in milliseconds.
import { describe, expect, it } from "vitest";
import { instant, timeLeft, timerState, type TimerTimes } from "./timer";

const timer = (stopped_at: string | null = null): TimerTimes => ({
  warn_at: "2026-05-14T02:52:00.000Z",
  due_at: "2026-05-14T02:55:00.000Z",
  stopped_at,
});
const at = (iso: string) => Date.parse(iso);

describe("timerState", () => {
  it("runs until warn_at, warns exactly at warn_at and not a millisecond before", () => {
    expect(timerState(timer(), at("2026-05-14T02:40:00.000Z"))).toBe("running");
    expect(timerState(timer(), at("2026-05-14T02:51:59.999Z"))).toBe("running");
    expect(timerState(timer(), at("2026-05-14T02:52:00.000Z"))).toBe("warning");
  });

  it("is breached exactly at due_at and not a millisecond before", () => {
    expect(timerState(timer(), at("2026-05-14T02:54:59.999Z"))).toBe("warning");
    expect(timerState(timer(), at("2026-05-14T02:55:00.000Z"))).toBe("breached");
    expect(timerState(timer(), at("2026-05-15T00:00:00.000Z"))).toBe("breached");
  });

  it("is met when stopped at or before due_at, missed when after, whatever the time now", () => {
    const late = at("2026-05-15T00:00:00.000Z");
    expect(timerState(timer("2026-05-14T02:45:00.000Z"), late)).toBe("met");
    expect(timerState(timer("2026-05-14T02:55:00.000Z"), late)).toBe("met");
    expect(timerState(timer("2026-05-14T02:55:00.001Z"), late)).toBe("missed");
  });
});

describe("timeLeft", () => {
  it("counts down to due_at, negative when overdue, and to the stop of a stopped timer", () => {
    expect(timeLeft(timer(), at("2026-05-14T02:54:00.000Z"))).toBe(60_000);
    expect(timeLeft(timer(), at("2026-05-14T02:57:00.000Z"))).toBe(-120_000);
    expect(timeLeft(timer("2026-05-14T02:56:00.000Z"), at("2026-05-14T04:00:00.000Z"))).toBe(-60_000);
  });
});

describe("instant", () => {
  it("reads the core's times, nanoseconds included", () => {
    expect(instant("2026-05-14T02:55:00.123456789Z")).toBe(at("2026-05-14T02:55:00.123Z"));
    expect(instant("2026-05-14T02:55:00Z")).toBe(at("2026-05-14T02:55:00.000Z"));
  });
});
