// The palette's fuzzy filter.
import { describe, expect, it } from "vitest";
import { fuzzyFilter, fuzzyScore } from "./fuzzy";

const labels = ["Write a log entry", "Verify the timeline", "Move to Respond", "Hand over Tech Lead", "Change severity to SEV2"];

describe("fuzzyFilter", () => {
  it("keeps every item in order for an empty query", () => {
    expect(fuzzyFilter(labels, "  ", String)).toEqual(labels);
  });

  it("matches characters in order, ignoring case and spaces", () => {
    expect(fuzzyFilter(labels, "vtim", String)).toEqual(["Verify the timeline"]);
    expect(fuzzyFilter(labels, "SEV 2", String)).toEqual(["Change severity to SEV2"]);
    expect(fuzzyFilter(labels, "zzz", String)).toEqual([]);
  });

  it("ranks word starts and runs of letters first", () => {
    expect(fuzzyFilter(labels, "ver", String)[0]).toBe("Verify the timeline");
    expect(fuzzyFilter(["Hand over Tech Lead", "Move to Respond"], "mo", String)[0]).toBe("Move to Respond");
  });

  it("ignores accents", () => {
    expect(fuzzyScore("resume", "Résumé")).not.toBeNull();
  });
});
