// Typed wrappers for src-tauri/src/commands/review.rs: the post-incident review, its action
// items and its exports.
import type { ActionItem } from "../bindings/ActionItem";
import type { ActionItemInput } from "../bindings/ActionItemInput";
import type { ActionStatus } from "../bindings/ActionStatus";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { PaperSize } from "../bindings/PaperSize";
import type { Review } from "../bindings/Review";
import type { ReviewEdit } from "../bindings/ReviewEdit";
import type { ReviewFacts } from "../bindings/ReviewFacts";
import { call } from "./invoke";

/** The latest version; before the first save, a new draft from the runbook's review template (version 1, not stored). */
export const getReview = (incidentId: string) => call<Review>("review_get", { incidentId });
/** Every stored version, oldest first. */
export const reviewVersions = (incidentId: string) => call<Review[]>("review_versions", { incidentId });
/** What Muster knows: responders, milestones against targets, time in each phase, skipped steps, highlights. */
export const reviewFacts = (incidentId: string) => call<ReviewFacts>("review_facts", { incidentId });
/** Saves the draft's sections and starred events; refused once published. */
export const editReview = (incidentId: string, edit: ReviewEdit) => call<Review>("review_edit", { incidentId, edit });
/** Freezes the current draft; the incident must be resolved. */
export const publishReview = (incidentId: string) => call<Review>("review_publish", { incidentId });
/** Starts a new draft from the published version. */
export const newReviewVersion = (incidentId: string) => call<Review>("review_new_version", { incidentId });
/** Writes the review to `path` (through a temporary file; nothing is left behind on failure). Runs off the UI thread.
 *  `paper` is a PDF's page size (A4 when not given). */
export const exportReview = (incidentId: string, format: ExportFormat, path: string, paper?: PaperSize) =>
  call<null>("review_export", paper ? { incidentId, format, path, paper } : { incidentId, format, path });

export const addActionItem = (incidentId: string, item: ActionItemInput) => call<ActionItem>("action_item_add", { incidentId, item });
export const updateActionItem = (id: string, item: ActionItemInput) => call<ActionItem>("action_item_update", { id, item });
export const setActionStatus = (id: string, status: ActionStatus) => call<ActionItem>("action_item_set_status", { id, status });
/** Marks an improvement resolved by its runbook's current revision (saved after the item). */
export const resolveImprovement = (id: string) => call<ActionItem>("action_item_resolve", { id });
export const incidentActionItems = (incidentId: string) => call<ActionItem[]>("action_items_of_incident", { incidentId });
/** Open items across incidents, overdue first. */
export const openActionItems = () => call<ActionItem[]>("action_items_open");
/** Open items that point at the runbook: its pending improvements. */
export const runbookImprovements = (runbookId: string) => call<ActionItem[]>("runbook_improvements", { runbookId });
