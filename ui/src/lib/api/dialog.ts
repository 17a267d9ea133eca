// The native file pickers (Tauri's dialog plugin): database files, roster CSVs, runbook files and
// folders, and where to write an export. Each resolves to the chosen path, or to null when the
// user cancelled.
import { open, save } from "@tauri-apps/plugin-dialog";
import { t } from "../i18n/translate.svelte";

const filters = () => [{ name: t("dialog.databaseFiles"), extensions: ["db"] }];

export const pickDatabaseFile = (): Promise<string | null> =>
  open({ title: t("dialog.openTitle"), multiple: false, directory: false, filters: filters() });

export const pickNewDatabasePath = (): Promise<string | null> =>
  save({ title: t("dialog.createTitle"), defaultPath: "muster.db", filters: filters() });

/** A roster CSV to import. */
export const pickCsvFile = (): Promise<string | null> =>
  open({ title: t("people.importTitle"), multiple: false, directory: false, filters: [{ name: t("people.csvFiles"), extensions: ["csv", "txt"] }] });

/** Runbook files to import (any format Muster reads); an empty list when cancelled. */
export async function pickRunbookFiles(): Promise<string[]> {
  const chosen = await open({
    title: t("libraryFiles.importFilesTitle"),
    multiple: true,
    directory: false,
    filters: [{ name: t("libraryFiles.runbookFiles"), extensions: ["md", "markdown", "mdown", "mkd", "json"] }],
  });
  return chosen ?? [];
}

/** A folder, for importing every runbook file in it (recursively) or exporting into it. */
export const pickFolder = (title: string): Promise<string | null> => open({ title, multiple: false, directory: true });

/** Where to write a review export: the user picks the file, starting from `defaultPath`, with
 *  the filter for the format's extension. */
export const pickExportPath = (defaultPath: string, filterName: string, extension: string): Promise<string | null> =>
  save({ title: t("review.exportTitle"), defaultPath, filters: [{ name: filterName, extensions: [extension] }] });

/** Where to write a metrics CSV, starting from `defaultPath`. */
export const pickMetricsCsvPath = (defaultPath: string): Promise<string | null> =>
  save({ title: t("metrics.exportTitle"), defaultPath, filters: [{ name: t("metrics.csvFiles"), extensions: ["csv"] }] });

/** Where to write a runbook's paper checklist (PDF), starting from `defaultPath`. */
export const pickChecklistPath = (defaultPath: string): Promise<string | null> =>
  save({ title: t("checklist.saveTitle"), defaultPath, filters: [{ name: t("checklist.pdfFiles"), extensions: ["pdf"] }] });
