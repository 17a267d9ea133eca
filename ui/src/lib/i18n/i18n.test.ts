// Translation: every key the source uses exists in English, no English key is unused, and the
import { describe, expect, it } from "vitest";
// formatting helpers say durations, times and events the way the screens need them.
import { clockJumpEvent, declaredEvent, stepEvent } from "../../test/fixtures";
import { en, type MessageKey } from "./en";
import { formatClock, formatDateTime, formatElapsed, formatInstant, formatMinutes, formatSeconds, formatSize, formatTime, formatUtcDay, phaseName } from "./format";
import { describeEvent, type TimelineNames } from "./incident";
import { t, translate } from "./translate.svelte";

const sources = import.meta.glob(["/src/**/*.{ts,svelte}", "!/src/**/*.test.ts", "!/src/lib/i18n/en.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const prefixes = [...new Set(Object.keys(en).map((key) => key.split(".")[0]))];
const keyLiteral = new RegExp(`["'\`]((?:${prefixes.join("|")})\\.[A-Za-z]+)["'\`]`, "g");
const dynamicPrefix = /`(\w+)\.\$\{/g;
/** Timeline event kinds look like keys but are data. */
const eventKinds = new Set([
  "incident.declared",
  "incident.closed",
  "role.assigned",
  "role.waived",
  "phase.entered",
  "step.ticked",
  "step.unticked",
  "step.skipped",
  "step.decided",
  "step.noted",
  "milestone.reached",
  "severity.changed",
  "timer.breached",
  "status.updated",
  "reminder.snoozed",
  "log.entry",
  "event.corrected",
  "clock.jumped",
  "drill.started",
  "drill.paused",
  "drill.resumed",
  "inject.delivered",
  "inject.skipped",
  "inject.acknowledged",
]);

describe("the English dictionary", () => {
  const used = new Set(Object.values(sources).flatMap((text) => [...text.matchAll(keyLiteral)].map((match) => match[1])).filter((key) => !eventKinds.has(key)));
  const dynamic = new Set(Object.values(sources).flatMap((text) => [...text.matchAll(dynamicPrefix)].map((match) => match[1])));

  it("has every key the source uses", () => {
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });

  it("has no key the source never uses", () => {
    const unused = Object.keys(en).filter((key) => !used.has(key) && !dynamic.has(key.split(".")[0]));
    expect(unused).toEqual([]);
  });
});

describe("t", () => {
  it("fills in parameters and leaves unknown ones visible", () => {
    expect(t("incident.progress", { done: 3, total: 24 })).toBe("3 / 24 steps");
    expect(t("timeline.ticked", {})).toBe("Ticked “{step}”");
  });

  it("falls back to English, then to the key", () => {
    expect(translate({ "common.copy": "复制" }, "common.copy")).toBe("复制");
    expect(translate({ "common.copy": "复制" }, "common.close")).toBe("Close");
    expect(translate({}, "no.such.key" as MessageKey)).toBe("no.such.key");
  });
});

describe("formatting", () => {
  it("names phases", () => {
    expect(["identify", "respond", "recover", "review"].map((phase) => phaseName(phase as never))).toEqual([
      "Identify",
      "Respond",
      "Recover",
      "Review",
    ]);
  });

  it("says durations in minutes, hours and days", () => {
    expect([0.5, 12, 60, 65, 240, 1440, 2880 + 180].map(formatMinutes)).toEqual(["< 1 min", "12 min", "1 h", "1 h 05 min", "4 h", "1 d", "2 d 3 h"]);
  });

  it("says durations in seconds under a minute, else as minutes, hours and days", () => {
    expect([null, 0, 45, 600, 3900, 7200, 200_000].map(formatSeconds)).toEqual(["—", "0 s", "45 s", "10 min", "1 h 05 min", "2 h", "2 d 7 h"]);
  });

  it("names a UTC day the same in every time zone", () => {
    expect(formatUtcDay("2026-02-02T00:00:00Z")).toBe("Feb 2, 2026");
  });

  it("runs a clock as H:MM:SS", () => {
    expect(formatClock(0)).toBe("0:00:00");
    expect(formatClock(((1 * 60 + 5) * 60 + 9) * 1000)).toBe("1:05:09");
  });

  it("never shows a negative span", () => {
    expect(formatClock(-90_000)).toBe("0:00:00");
    expect(formatElapsed(-90_000)).toBe("< 1 min");
  });

  it("shows instants in local time", () => {
    expect(formatTime("2026-05-14T02:40:07.000Z")).toMatch(/^\d\d:\d\d:\d\d$/);
    const now = new Date();
    expect(formatInstant(now.toISOString(), now)).toMatch(/^\d\d:\d\d$/);
    expect(formatInstant("2020-01-02T12:00:00.000Z", now)).toMatch(/Jan/);
    expect(formatDateTime("2020-01-02T12:00:00.000Z")).toMatch(/^Jan \d, 2020, \d\d:\d\d$/);
  });

  it("says file sizes in kilobytes below a megabyte, else in megabytes", () => {
    expect([0, 1, 420_000, 1023 * 1024].map((bytes) => formatSize(bytes))).toEqual(["0 KB", "1 KB", "411 KB", "1023 KB"]);
    expect(formatSize(1024 * 1024 - 1)).toBe("1.0 MB");
    expect(formatSize(2_400_000n)).toBe("2.3 MB");
  });

  const names = (step: TimelineNames["step"]): TimelineNames => ({ step, role: String, person: String });

  it("describes timeline events", () => {
    const titles = names((key: string) => (key === "confirm-outage" ? "Confirm the outage" : key));
    expect(describeEvent(declaredEvent("real"), titles)).toBe("Declared SEV1 incident “Checkout down”");
    expect(describeEvent(declaredEvent("drill"), titles)).toBe("Declared SEV1 drill “Checkout down”");
    expect(describeEvent(stepEvent("step.ticked", "confirm-outage", 2), titles)).toBe("Ticked “Confirm the outage”");
    expect(describeEvent(stepEvent("step.unticked", "confirm-outage", 3), titles)).toBe("Reopened “Confirm the outage”");
  });

  it("describes a clock jump with both local times", () => {
    const today = (hours: number) => {
      const at = new Date();
      at.setHours(hours, 0, 0, 0);
      return at.toISOString();
    };
    expect(describeEvent(clockJumpEvent(2, today(3), today(5)), names(String))).toBe("System clock changed: 03:00 → 05:00 (times around here may be off)");
  });
});
