// Typed wrappers for src-tauri/src/commands/runbook.rs.
import type { RunbookReview } from "../bindings/RunbookReview";
import type { SearchHit } from "../bindings/SearchHit";
import type { Role } from "../bindings/Role";
import type { RunbookSummary } from "../bindings/RunbookSummary";
import type { Runbook } from "../bindings/Runbook";
import type { FieldProblem } from "../bindings/FieldProblem";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import type { DiffHunk } from "../bindings/DiffHunk";
import type { FileReport } from "../bindings/FileReport";
import type { PaperSize } from "../bindings/PaperSize";
import { call } from "./invoke";

export const listRunbooks = () => call<RunbookSummary[]>("runbook_list");
/** The roles the runbook's current revision names, each to fill or waive when declaring. */
export const runbookRoles = (id: string) => call<Role[]>("runbook_roles", { id });
/** Records that the runbook was reviewed now, by the person at this machine. */
export const markRunbookReviewed = (id: string, note: string) => call<RunbookReview>("runbook_mark_reviewed", { id, note });
/** Full-text search over runbooks, their steps and the roster, best first. */
export const searchLibrary = (text: string, limit = 20) => call<SearchHit[]>("library_search", { text, limit });
/** The current revision of a runbook, with its number (the editor's base for saving). */
export const getRunbook = (id: string) => call<[Runbook, number]>("runbook_get", { id });
/** One exact revision, as an incident pinned it or as the history shows it. */
export const getRunbookRevision = (id: string, revision: number) => call<Runbook>("runbook_revision", { id, revision });
/** What stops a draft from being saved, each naming its field (`title`, `steps[2].role`); empty when it can be saved. */
export const runbookProblems = (runbook: Runbook) => call<FieldProblem[]>("runbook_problems", { runbook });
/**
 * Saves a draft as a new revision and returns its number. `base` is the revision the editor
 * opened (null for a new runbook); the core refuses when someone saved in between.
 */
export const saveRunbook = (runbook: Runbook, base: number | null, note: string) =>
  call<number>("runbook_save", { runbook, base, note });
/** Every revision, newest first. */
export const runbookRevisions = (id: string) => call<RevisionInfo[]>("runbook_revisions", { id });
/** What changed from revision `from` to `to`, as hunks of lines of the runbook file. */
export const runbookDiff = (id: string, from: number, to: number) => call<DiffHunk[]>("runbook_diff", { id, from, to });
/** Imports runbook files or folders (any known format); one report per file, failures included. */
export const importRunbooks = (paths: string[]) => call<FileReport[]>("runbook_import", { paths });
/** Writes runbooks as `<id>.md` into `dir` (only `id` when given); returns the files written. */
export const exportRunbooks = (dir: string, id: string | null = null) => call<string[]>("runbook_export", { dir, id });
/**
 * Prints the runbook (its current revision, or `revision`) as a paper checklist: a PDF at
 * `path`, laid out by the core off the UI thread.
 */
export const exportRunbookChecklist = (id: string, path: string, paper: PaperSize, revision: number | null = null) =>
  call<null>("runbook_checklist_export", { id, path, paper, revision });
/** Markdown rendered to sanitised HTML by the core: the one rendering path for all Markdown. */
export const renderMarkdown = (text: string) => call<string>("markdown_render", { text });
