// The Markdown reader: the constructs runbooks use become blocks and inline nodes; the rest
// stays plain text.
import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "./markdown";

describe("parseMarkdown", () => {
  it("reads paragraphs, joining wrapped lines", () => {
    expect(parseMarkdown("First line\nsecond line.\n\nNext.")).toEqual([
      { kind: "paragraph", content: [{ kind: "text", text: "First line second line." }] },
      { kind: "paragraph", content: [{ kind: "text", text: "Next." }] },
    ]);
  });

  it("reads fenced code verbatim", () => {
    expect(parseMarkdown("Run:\n\n```sh\n# **not bold**\ncurl -sS https://x\n```")).toEqual([
      { kind: "paragraph", content: [{ kind: "text", text: "Run:" }] },
      { kind: "code", language: "sh", text: "# **not bold**\ncurl -sS https://x" },
    ]);
  });

  it("reads bullet and numbered lists with wrapped items", () => {
    expect(parseMarkdown("- one\n  more\n- two\n\n1. first\n2. second")).toEqual([
      { kind: "list", ordered: false, items: [[{ kind: "text", text: "one more" }], [{ kind: "text", text: "two" }]] },
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "first" }], [{ kind: "text", text: "second" }]] },
    ]);
  });

  it("reads quotes as copyable text", () => {
    const [quote] = parseMarkdown("> We know about\n> a problem.\n>\n> Update at 14:00.");
    expect(quote).toMatchObject({ kind: "quote", text: "We know about a problem.\n\nUpdate at 14:00." });
  });

  it("keeps anything else, such as HTML, as text", () => {
    expect(parseMarkdown("<script>alert(1)</script>")).toEqual([
      { kind: "paragraph", content: [{ kind: "text", text: "<script>alert(1)</script>" }] },
    ]);
  });
});

describe("parseInline", () => {
  it("reads code, bold and links", () => {
    expect(parseInline("Run `df -h`, **then** see [status](https://status.example.com).")).toEqual([
      { kind: "text", text: "Run " },
      { kind: "code", text: "df -h" },
      { kind: "text", text: ", " },
      { kind: "strong", content: [{ kind: "text", text: "then" }] },
      { kind: "text", text: " see " },
      { kind: "link", text: "status", href: "https://status.example.com" },
      { kind: "text", text: "." },
    ]);
  });
});
