// The command palette's filter: a query matches a label when its characters appear in order
// (case- and accent-insensitive). Matches that start words and run together rank first; equal
// matches keep their order.

const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** A score for `query` against `label` (higher is better), or null when it does not match. */
export function fuzzyScore(query: string, label: string): number | null {
  const needle = fold(query).replace(/\s+/g, "");
  if (needle === "") return 0;
  const hay = fold(label);
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of needle) {
    const at = hay.indexOf(char, from);
    if (at === -1) return null;
    const wordStart = at === 0 || /[\s\-:“"(/]/.test(hay[at - 1]);
    score += 1 + (at === previous + 1 ? 3 : 0) + (wordStart ? 2 : 0);
    previous = at;
    from = at + 1;
  }
  return score;
}

/** The items whose label matches `query`, best first (ties in their order); every item in its
 *  order for an empty query. */
export function fuzzyFilter<T>(items: readonly T[], query: string, label: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, label(item)) }))
    .filter((scored): scored is { item: T; index: number; score: number } => scored.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((scored) => scored.item);
}
