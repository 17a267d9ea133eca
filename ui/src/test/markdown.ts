// A stand-in for the core's Markdown renderer (`markdown_render`, pulldown-cmark + ammonia), just
// enough for screens under test: text is escaped, fenced code becomes <pre><code>, every other
// block a paragraph. Tests that care about exact markup answer `markdown_render` themselves.
import type { Handler } from "./mock-core";

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderMarkdownLikeCore(text: string): string {
  const html: string[] = [];
  const fences = text.split(/^```[^\n]*\n?/m);
  fences.forEach((part, index) => {
    if (index % 2 === 1) {
      html.push(`<pre><code>${escape(part)}</code></pre>\n`);
      return;
    }
    for (const block of part.split(/\n\s*\n/)) {
      if (block.trim()) html.push(`<p>${escape(block.trim())}</p>\n`);
    }
  });
  return html.join("");
}

/** The `markdown_render` handler for mockCore. */
export const markdownHandlers: Record<string, Handler> = {
  markdown_render: ({ text }) => renderMarkdownLikeCore(text as string),
};
