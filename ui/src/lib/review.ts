// Helpers for the review screen that need no component: export file names and formats, the
// order of action items, and the review's editable content as the core takes it.
import type { ActionItem } from "./bindings/ActionItem";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { MilestoneFact } from "./bindings/MilestoneFact";
import type { Review } from "./bindings/Review";
import type { ReviewEdit } from "./bindings/ReviewEdit";
import { formatMinutes } from "./i18n/format";
import { t } from "./i18n/translate.svelte";

export const exportExtensions: Record<ExportFormat, string> = { markdown: "md", html: "html", json: "json", pdf: "pdf" };

/** A file name from the incident's title: "Checkout down" → "checkout-down-review.md" (or
 *  "checkout-down-briefing.html" for another `kind` of document). */
export function exportFileName(title: string, format: ExportFormat, kind = "review"): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${slug || "incident"}-${kind}.${exportExtensions[format]}`;
}

/** The draft's content with the author's local text: what `editReview` saves. */
export function reviewEdit(review: Review, bodies: Record<string, string>, highlights: string[]): ReviewEdit {
  return {
    sections: review.sections.map((section) => ({ ...section, body: bodies[section.key] ?? section.body })),
    highlights: [...highlights],
  };
}

/** Overdue items first, then by due date (undated last), keeping the given order otherwise. */
export function overdueFirst(items: ActionItem[]): ActionItem[] {
  const rank = (item: ActionItem) => (item.overdue ? 0 : 1);
  const due = (item: ActionItem) => item.due_on ?? "9999-99-99";
  return [...items].sort((a, b) => rank(a) - rank(b) || due(a).localeCompare(due(b)));
}

/** Seconds as the core sends them (a u64/i64, typed `bigint` but a number once it has crossed
 *  IPC as JSON), in minutes. */
export const toMinutes = (seconds: number | bigint): number => Number(seconds) / 60;

/** A milestone against its target, in words, with the tone it is shown in (the review's facts
 *  and a drill's scorecard). */
export function milestoneVerdict(fact: MilestoneFact): { text: string; tone: "met" | "breached" | "pending" | "none" } {
  switch (fact.verdict) {
    case "met":
      return { text: t("review.met"), tone: "met" };
    case "breached": {
      const by = fact.over_seconds === null ? "" : formatMinutes(toMinutes(fact.over_seconds));
      return { text: fact.at === null ? t("review.overdueBy", { duration: by }) : t("review.breachedBy", { duration: by }), tone: "breached" };
    }
    case "pending":
      return { text: t("review.notReached"), tone: "pending" };
    case "no_target":
      return { text: fact.at === null ? t("review.notReached") : fact.milestone === "detected" ? "—" : t("review.noTarget"), tone: "none" };
  }
}
