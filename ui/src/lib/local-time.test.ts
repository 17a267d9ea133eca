// Local datetime-local values ⇄ UTC instants, checked in a zone away from UTC.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fromLocalInput, toLocalInput } from "./local-time";

beforeAll(() => {
  vi.stubEnv("TZ", "Asia/Shanghai"); // UTC+8, no daylight saving time
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("local time inputs", () => {
  it("read a local time as UTC", () => {
    expect(fromLocalInput("2026-05-14T03:12")).toBe("2026-05-13T19:12:00.000Z");
    expect(fromLocalInput("2026-05-14T03:12:30")).toBe("2026-05-13T19:12:30.000Z");
  });

  it("show a UTC instant as local time, to the minute", () => {
    expect(toLocalInput("2026-05-13T19:12:59.000Z")).toBe("2026-05-14T03:12");
    expect(fromLocalInput(toLocalInput("2026-05-13T19:12:00.000Z"))).toBe("2026-05-13T19:12:00.000Z");
  });

  it("give null for an empty or broken value", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("yesterday")).toBeNull();
  });
});
