// The review helpers: export file names from titles, and overdue items first.
import { describe, expect, it } from "vitest";
import { actionItem } from "../test/review-fixtures";
import { exportFileName, overdueFirst } from "./review";

describe("exportFileName", () => {
  it("makes a file name from the title with the format's extension", () => {
    expect(exportFileName("Checkout down", "markdown")).toBe("checkout-down-review.md");
    expect(exportFileName("  Café / DNS: outage!! ", "html")).toBe("cafe-dns-outage-review.html");
    expect(exportFileName("故障", "json")).toBe("incident-review.json");
  });
});

describe("overdueFirst", () => {
  it("puts overdue items first, then by due date with undated ones last", () => {
    const items = [
      actionItem({ id: "undated", title: "a" }),
      actionItem({ id: "later", title: "b", due_on: "2099-02-01" }),
      actionItem({ id: "late", title: "c", due_on: "2026-05-01", overdue: true }),
      actionItem({ id: "sooner", title: "d", due_on: "2099-01-01" }),
    ];
    expect(overdueFirst(items).map((item) => item.id)).toEqual(["late", "sooner", "later", "undated"]);
  });
});
