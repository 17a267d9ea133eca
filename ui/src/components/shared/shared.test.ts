// Shared pieces with behaviour of their own: safe Markdown rendering, the theme toggle, and an
// elapsed clock that never runs backwards into negative time.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { formatClock, formatElapsed } from "../../lib/i18n/format";
import ElapsedClock from "./ElapsedClock.svelte";
import Markdown from "./Markdown.svelte";
import ThemeToggle from "./ThemeToggle.svelte";

describe("Markdown", () => {
  it("renders markup in runbook text as text, and links as text that goes nowhere", () => {
    const { container } = render(Markdown, {
      source: '<img src=x onerror="alert(1)"> and **bold** and [status page](https://status.example.com)\n\n- `one`\n- two',
    });
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("a")).toBeNull();
    expect(container).toHaveTextContent('<img src=x onerror="alert(1)"> and bold and status page (https://status.example.com)');
    expect(container.querySelector("strong")).toHaveTextContent("bold");
    expect(container.querySelectorAll("li code")).toHaveLength(1);
  });
});

describe("ThemeToggle", () => {
  afterEach(() => {
    document.documentElement.dataset.theme = "dark";
    localStorage.clear();
  });

  it("switches to the light theme and remembers it", async () => {
    document.documentElement.dataset.theme = "dark";
    render(ThemeToggle);
    await userEvent.setup().click(screen.getByRole("button", { name: "Light theme" }));
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(localStorage.getItem("muster.theme")).toBe("light");
    expect(screen.getByRole("button", { name: "Dark theme" })).toBeInTheDocument();
  });
});

describe("ElapsedClock", () => {
  it("shows no time, not a negative one, for a start in the future", () => {
    const inAnHour = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const { container } = render(ElapsedClock, { since: inAnHour, format: formatClock });
    expect(container).toHaveTextContent("0:00:00");
  });

  it("hands the format a span of at least zero when stopped before it started", () => {
    const spans: number[] = [];
    render(ElapsedClock, {
      since: "2026-05-14T05:00:00.000Z",
      until: "2026-05-14T03:00:00.000Z",
      format: (ms) => {
        spans.push(ms);
        return formatElapsed(ms);
      },
    });
    expect(spans).toEqual([0]);
    expect(screen.getByText("< 1 min")).toBeInTheDocument();
  });
});
