// The recovery screen against a mocked core and mocked file pickers: it says what is wrong,
// lists the backups, restores one only after confirming, and opens or creates another file.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pickDatabaseFile, pickNewDatabasePath } from "../../lib/api/dialog";
import { backups, databaseStatus } from "../../test/fixtures";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import RecoveryScreen from "./RecoveryScreen.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickDatabaseFile: vi.fn(), pickNewDatabasePath: vi.fn() }));

beforeEach(() => {
  vi.mocked(pickDatabaseFile).mockReset();
  vi.mocked(pickNewDatabasePath).mockReset();
});
afterEach(resetCore);

function renderRecovery(handlers: Record<string, Handler> = {}) {
  const calls = mockCore({ database_status: () => databaseStatus(), ...handlers });
  const onrecovered = vi.fn();
  render(RecoveryScreen, { onrecovered });
  return { calls, onrecovered, user: userEvent.setup() };
}

const commands = (calls: { command: string }[]) => calls.map((call) => call.command).filter((command) => command !== "database_status");

describe("RecoveryScreen", () => {
  it("says calmly what is wrong, where the file is, and that it is not modified", async () => {
    renderRecovery();
    expect(await screen.findByTestId("recovery-problem")).toHaveTextContent("The database file is damaged: it is incomplete or fails its checks");
    expect(screen.getByTestId("recovery-path")).toHaveTextContent("/data/muster.db");
    const recovery = screen.getByTestId("recovery");
    expect(recovery).toHaveTextContent("database disk image is malformed");
    expect(recovery).toHaveTextContent("Muster has not modified this file and will not.");
    expect(screen.queryByTestId("recovery-retry")).not.toBeInTheDocument();
  });

  it("lists the backups with their time, reason and size", async () => {
    renderRecovery();
    const list = await screen.findByTestId("backup-list");
    const rows = within(list).getAllByRole("listitem");
    expect(rows.map((row) => row.dataset.testid)).toEqual(backups.map((backup) => `backup-${backup.file_name}`));

    const newest = within(list).getByTestId(`backup-${backups[0].file_name}`);
    expect(newest).toHaveTextContent(/May \d+, 2026, \d\d:\d\d/);
    expect(newest).toHaveTextContent("Daily");
    expect(newest).toHaveTextContent("2.3 MB");
    const older = within(list).getByTestId(`backup-${backups[1].file_name}`);
    expect(older).toHaveTextContent("Before an upgrade");
    expect(older).toHaveTextContent("411 KB");
  });

  it("restores a backup only after confirming, then goes home", async () => {
    const { calls, onrecovered, user } = renderRecovery({
      database_restore: () => ({ restored_from: backups[0].path, previous_saved_as: "/data/muster.db.damaged" }),
    });
    await user.click(await screen.findByTestId(`restore-${backups[0].file_name}`));

    const dialog = screen.getByRole("dialog", { name: "Restore this backup?" });
    expect(dialog).toHaveTextContent("kept aside under a new name");
    expect(commands(calls)).toEqual([]);

    await user.click(within(dialog).getByTestId("restore-confirm"));
    await waitFor(() => expect(onrecovered).toHaveBeenCalledOnce());
    expect(calls.filter((call) => call.command === "database_restore")).toEqual([
      { command: "database_restore", args: { backup: backups[0].path } },
    ]);
  });

  it("does not restore when the confirmation is cancelled", async () => {
    const { calls, onrecovered, user } = renderRecovery();
    await user.click(await screen.findByTestId(`restore-${backups[1].file_name}`));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(commands(calls)).toEqual([]);
    expect(onrecovered).not.toHaveBeenCalled();
  });

  it("shows a failed restore in the dialog and stays", async () => {
    const { onrecovered, user } = renderRecovery({
      database_restore: () => {
        throw { code: "disk_full", message: "No space left on device." };
      },
    });
    await user.click(await screen.findByTestId(`restore-${backups[0].file_name}`));
    await user.click(screen.getByTestId("restore-confirm"));

    const alert = await within(screen.getByRole("dialog")).findByRole("alert");
    expect(alert).toHaveTextContent("No space left on device.");
    expect(alert).toHaveTextContent("Nothing was saved.");
    expect(screen.getByTestId("restore-confirm")).toHaveTextContent("Try again");
    expect(onrecovered).not.toHaveBeenCalled();
  });

  it("says where it looked when there are no backups", async () => {
    renderRecovery({ database_status: () => databaseStatus({ backups: [] }) });
    expect(await screen.findByTestId("backup-list")).toHaveTextContent("No backups were found in /data/backups.");
  });

  it("opens another file chosen in the picker, then goes home", async () => {
    vi.mocked(pickDatabaseFile).mockResolvedValue("/mnt/usb/muster.db");
    const { calls, onrecovered, user } = renderRecovery({
      database_open: ({ path }) => databaseStatus({ path: String(path), open: true, problem: null, message: null }),
    });
    await user.click(await screen.findByTestId("open-other"));

    await waitFor(() => expect(onrecovered).toHaveBeenCalledOnce());
    expect(calls.filter((call) => call.command === "database_open")).toEqual([{ command: "database_open", args: { path: "/mnt/usb/muster.db" } }]);
  });

  it("does nothing when the picker is cancelled", async () => {
    vi.mocked(pickDatabaseFile).mockResolvedValue(null);
    const { calls, onrecovered, user } = renderRecovery();
    await user.click(await screen.findByTestId("open-other"));

    await waitFor(() => expect(screen.getByTestId("open-other")).toBeEnabled());
    expect(commands(calls)).toEqual([]);
    expect(onrecovered).not.toHaveBeenCalled();
  });

  it("shows why another file could not be opened, and stays", async () => {
    vi.mocked(pickDatabaseFile).mockResolvedValue("/tmp/notes.db");
    const { onrecovered, user } = renderRecovery({
      database_open: () => {
        throw { code: "database_unavailable", message: "/tmp/notes.db is not a Muster database" };
      },
    });
    await user.click(await screen.findByTestId("open-other"));

    expect(await screen.findByRole("alert")).toHaveTextContent("/tmp/notes.db is not a Muster database");
    expect(onrecovered).not.toHaveBeenCalled();
  });

  it("starts a new database at the path chosen in the save picker, then goes home", async () => {
    vi.mocked(pickNewDatabasePath).mockResolvedValue("/data/muster-new.db");
    const { calls, onrecovered, user } = renderRecovery({
      database_create: ({ path }) => databaseStatus({ path: String(path), open: true, problem: null, message: null, backups: [] }),
    });
    await user.click(await screen.findByTestId("create-new"));

    await waitFor(() => expect(onrecovered).toHaveBeenCalledOnce());
    expect(calls.filter((call) => call.command === "database_create")).toEqual([
      { command: "database_create", args: { path: "/data/muster-new.db" } },
    ]);
  });

  it("tries the same file again when another program was using it", async () => {
    const { calls, onrecovered, user } = renderRecovery({
      database_status: () => databaseStatus({ problem: "in_use", message: "database is locked" }),
      database_open: () => databaseStatus({ open: true, problem: null, message: null }),
    });
    expect(await screen.findByTestId("recovery-problem")).toHaveTextContent("Another program is using the database");
    await user.click(screen.getByTestId("recovery-retry"));

    await waitFor(() => expect(onrecovered).toHaveBeenCalledOnce());
    expect(calls.filter((call) => call.command === "database_open")).toEqual([{ command: "database_open", args: { path: "/data/muster.db" } }]);
  });
});
