// The backups screen against a mocked core: where things are, a backup on demand, restoring
// with a report of where the replaced database went, failures, and the way back.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BackupInfo } from "../../lib/bindings/BackupInfo";
import { backupFolder, backups, databaseStatus } from "../../test/fixtures";
import { deferred, mockCore, resetCore, type Handler } from "../../test/mock-core";
import { expectBackButtonGoesHome, expectEscapeClosesDialogThenGoesHome } from "../../test/navigation";
import BackupsScreen from "./BackupsScreen.svelte";

afterEach(resetCore);

const made: BackupInfo = {
  path: `${backupFolder}/muster-20260514-1000.db`,
  file_name: "muster-20260514-1000.db",
  created_at: "2026-05-14T10:00:00.000Z",
  reason: "manual",
  size_bytes: 2_500_000n,
};

function renderBackups(handlers: Record<string, Handler> = {}) {
  const calls = mockCore({ database_status: () => databaseStatus({ open: true, problem: null, message: null }), ...handlers });
  const onhome = vi.fn();
  render(BackupsScreen, { onhome });
  return { calls, onhome, user: userEvent.setup() };
}

describe("BackupsScreen", () => {
  it("shows where the database and its backups are", async () => {
    renderBackups();
    expect(await screen.findByTestId("database-path")).toHaveTextContent("/data/muster.db");
    expect(screen.getByTestId("backup-folder")).toHaveTextContent(backupFolder);
    expect(within(screen.getByTestId("backup-list")).getAllByRole("listitem")).toHaveLength(2);
  });

  it("backs up now, says so while it runs, then shows the new file", async () => {
    const pending = deferred<BackupInfo>();
    let list = backups;
    const { calls, user } = renderBackups({
      database_backup: () => pending.promise,
      database_status: () => databaseStatus({ open: true, problem: null, message: null, backups: list }),
    });
    const button = await screen.findByTestId("backup-now");
    await user.click(button);

    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Backing up…");
    list = [made, ...backups];
    pending.resolve(made);

    expect(await screen.findByTestId("backup-done")).toHaveTextContent(`Backup saved as ${made.file_name}.`);
    await waitFor(() => expect(button).toBeEnabled());
    expect(button).toHaveTextContent("Back up now");
    const newest = within(screen.getByTestId("backup-list")).getAllByRole("listitem")[0];
    expect(newest).toHaveAttribute("data-testid", `backup-${made.file_name}`);
    expect(newest).toHaveTextContent("Manual");
    expect(calls.filter((call) => call.command === "database_backup")).toHaveLength(1);
  });

  it("says a failed backup saved nothing, and tries again", async () => {
    let attempts = 0;
    const { user } = renderBackups({
      database_backup: () => {
        attempts += 1;
        if (attempts === 1) throw { code: "read_only", message: "The backup folder is read-only." };
        return made;
      },
    });
    await user.click(await screen.findByTestId("backup-now"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The backup folder is read-only.");
    expect(alert).toHaveTextContent("Nothing was saved.");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("backup-done")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("restores after confirming and reports where the replaced database was saved", async () => {
    const { calls, user } = renderBackups({
      database_restore: () => ({ restored_from: backups[1].path, previous_saved_as: `${backupFolder}/muster-before-restore.db` }),
    });
    await user.click(await screen.findByTestId(`restore-${backups[1].file_name}`));
    expect(screen.getByRole("dialog", { name: "Restore this backup?" })).toBeInTheDocument();
    await user.click(screen.getByTestId("restore-confirm"));

    const report = await screen.findByTestId("restore-report");
    expect(report).toHaveTextContent(`Restored the backup ${backups[1].path}.`);
    expect(report).toHaveTextContent(`The database it replaced was saved as ${backupFolder}/muster-before-restore.db.`);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(calls.map((call) => call.command)).toEqual(["database_status", "database_restore", "database_status"]);
    expect(calls[1].args).toEqual({ backup: backups[1].path });
  });

  it("goes home with Escape, but Escape first closes the confirmation", async () => {
    const { onhome, user } = renderBackups();
    await user.click(await screen.findByTestId(`restore-${backups[0].file_name}`));
    await expectEscapeClosesDialogThenGoesHome(user, onhome);
  });

  it("goes home with the back button", async () => {
    const { onhome, user } = renderBackups();
    await expectBackButtonGoesHome(user, onhome);
  });
});
