// Typed wrappers for src-tauri/src/commands/database.rs: the database file itself, its backups,
// restoring one, and switching to another file.
import type { BackupInfo } from "../bindings/BackupInfo";
import type { DatabaseStatus } from "../bindings/DatabaseStatus";
import type { RestoreReport } from "../bindings/RestoreReport";
import { call } from "./invoke";

export const databaseStatus = () => call<DatabaseStatus>("database_status");
export const backUpDatabase = () => call<BackupInfo>("database_backup");
export const restoreBackup = (backupPath: string) => call<RestoreReport>("database_restore", { backup: backupPath });
export const openDatabase = (path: string) => call<DatabaseStatus>("database_open", { path });
export const createDatabase = (path: string) => call<DatabaseStatus>("database_create", { path });
