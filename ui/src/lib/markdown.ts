// A small Markdown reader for step instructions. It returns data, never HTML: the Markdown
// component turns it into Svelte elements, so runbook text can never inject markup. It knows
// paragraphs, fenced code, bullet and numbered lists, quotes, `code`, **bold** and [links](…);
// everything else stays plain text.
export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; content: Inline[] }
  | { kind: "link"; text: string; href: string };

export type Block =
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "code"; language: string; text: string }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "quote"; text: string; paragraphs: Inline[][] };

const fencePattern = /^\s*(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
const bulletPattern = /^\s*[-*+]\s+(.*)$/;
const numberPattern = /^\s*\d+[.)]\s+(.*)$/;
const quotePattern = /^\s*>\s?(.*)$/;
const inlinePattern = /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

const isBlank = (line: string) => line.trim() === "";
const startsBlock = (line: string) =>
  fencePattern.test(line) || bulletPattern.test(line) || numberPattern.test(line) || quotePattern.test(line);

export function parseInline(text: string, allowStrong = true): Inline[] {
  const nodes: Inline[] = [];
  let plainFrom = 0;
  const pushText = (end: number) => {
    if (end > plainFrom) nodes.push({ kind: "text", text: text.slice(plainFrom, end) });
  };
  for (const match of text.matchAll(inlinePattern)) {
    const [whole, code, strong, linkText, href] = match;
    if (strong !== undefined && !allowStrong) continue;
    pushText(match.index);
    if (code !== undefined) nodes.push({ kind: "code", text: code });
    else if (strong !== undefined) nodes.push({ kind: "strong", content: parseInline(strong, false) });
    else nodes.push({ kind: "link", text: linkText, href });
    plainFrom = match.index + whole.length;
  }
  pushText(text.length);
  return nodes;
}

function readList(lines: string[], start: number, item: RegExp): [Block, number] {
  const items: string[] = [];
  let i = start;
  while (i < lines.length && !isBlank(lines[i])) {
    const line = lines[i];
    const opened = item.exec(line);
    if (opened) items.push(opened[1]);
    else if (startsBlock(line)) break;
    else items[items.length - 1] += ` ${line.trim()}`;
    i++;
  }
  return [{ kind: "list", ordered: item === numberPattern, items: items.map((text) => parseInline(text)) }, i];
}

function readQuote(lines: string[], start: number): [Block, number] {
  const quoted: string[] = [];
  let i = start;
  for (let match; i < lines.length && (match = quotePattern.exec(lines[i])); i++) quoted.push(match[1].trim());
  const paragraphs = quoted
    .join("\n")
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split("\n").join(" ").trim())
    .filter((paragraph) => paragraph !== "");
  return [{ kind: "quote", text: paragraphs.join("\n\n"), paragraphs: paragraphs.map((p) => parseInline(p)) }, i];
}

function readCode(lines: string[], start: number, fence: RegExpExecArray): [Block, number] {
  const marker = fence[1];
  const body: string[] = [];
  let i = start + 1;
  while (i < lines.length && !lines[i].trim().startsWith(marker)) body.push(lines[i++]);
  return [{ kind: "code", language: fence[2], text: body.join("\n") }, i + 1];
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    let block: Block;
    const fence = fencePattern.exec(line);
    if (fence) [block, i] = readCode(lines, i, fence);
    else if (bulletPattern.test(line)) [block, i] = readList(lines, i, bulletPattern);
    else if (numberPattern.test(line)) [block, i] = readList(lines, i, numberPattern);
    else if (quotePattern.test(line)) [block, i] = readQuote(lines, i);
    else {
      const text: string[] = [];
      while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) text.push(lines[i++].trim());
      block = { kind: "paragraph", content: parseInline(text.join(" ")) };
    }
    blocks.push(block);
  }
  return blocks;
}
