// Shared pieces with behaviour of their own: Markdown as the core renders it, the theme toggle, and an
// elapsed clock that never runs backwards into negative time.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { formatClock, formatElapsed } from "../../lib/i18n/format";
import { mockCore, resetCore } from "../../test/mock-core";
import ElapsedClock from "./ElapsedClock.svelte";
import Markdown from "./Markdown.svelte";
import ThemeToggle from "./ThemeToggle.svelte";

describe("Markdown", () => {
  afterEach(resetCore);

  const html =
    '<p>Run <strong>this</strong>, see <a href="https://status.example.com" rel="noopener noreferrer">status</a>:</p>\n' +
    "<pre><code>systemctl restart db\n</code></pre>\n<ul>\n<li>then <code>two</code></li>\n</ul>\n<pre><code>exit\n</code></pre>\n";

  it("shows exactly the HTML the core returns, with a Copy button after every code block", async () => {
    const calls = mockCore({ markdown_render: () => html });
    const source = "Run **this** (test 1)";
    const { container } = render(Markdown, { source });
    // The text as it is until the core answers, so nothing flickers empty.
    expect(container.querySelector(".markdown")).toHaveTextContent(source);

    await waitFor(() => expect(container.querySelector("strong")).toHaveTextContent("this"));
    const copy = document.createElement("div");
    copy.innerHTML = html;
    const shown = container.querySelector(".markdown")!.cloneNode(true) as HTMLElement;
    // What the component adds: the Copy buttons, and the address as each link's tooltip.
    for (const slot of shown.querySelectorAll(".copy")) slot.remove();
    for (const link of shown.querySelectorAll("a")) link.removeAttribute("title");
    expect(shown.innerHTML.replace(/<!---->/g, "")).toBe(copy.innerHTML);

    const pres = [...container.querySelectorAll("pre")];
    expect(pres).toHaveLength(2);
    for (const pre of pres) expect(pre.nextElementSibling?.querySelector("button")).toHaveTextContent("Copy");
    expect(calls).toEqual([{ command: "markdown_render", args: { text: source } }]);
  });

  it("copies a code block without its final newline", async () => {
    mockCore({ markdown_render: () => html });
    const user = userEvent.setup();
    const { container } = render(Markdown, { source: "code (test 2)" });
    await waitFor(() => expect(container.querySelectorAll("pre")).toHaveLength(2));
    await user.click(within(container).getAllByRole("button", { name: "Copy" })[0]);
    expect(await navigator.clipboard.readText()).toBe("systemctl restart db");
  });

  it("never follows a link: a click copies its address instead", async () => {
    mockCore({ markdown_render: () => html });
    const user = userEvent.setup();
    render(Markdown, { source: "a link (test 3)" });
    const link = await screen.findByRole("link", { name: "status" });
    expect(link).toHaveAttribute("title", expect.stringContaining("https://status.example.com"));

    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    await user.click(link);
    expect(await navigator.clipboard.readText()).toBe("https://status.example.com");
    expect(await screen.findByRole("status")).toHaveTextContent("Link address copied: https://status.example.com");
  });

  it("asks the core once per text, however often it is shown", async () => {
    const calls = mockCore({ markdown_render: () => "<p>cached</p>" });
    const first = render(Markdown, { source: "same text (test 4)" });
    render(Markdown, { source: "same text (test 4)" });
    await waitFor(() => expect(first.container).toHaveTextContent("cached"));
    first.unmount();
    const again = render(Markdown, { source: "same text (test 4)" });
    expect(again.container).toHaveTextContent("cached");
    expect(calls).toHaveLength(1);
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
