// Turns whatever a failed call threw into a CoreError, so views can branch on `code` and show
// `message` without guessing. `call` already throws CoreError; anything else is a UI bug.
import type { ErrorCode } from "../bindings/ErrorCode";
import { CoreError } from "./invoke";

export const asCoreError = (error: unknown): CoreError =>
  error instanceof CoreError
    ? error
    : new CoreError({ code: "internal", message: error instanceof Error ? error.message : String(error) });

const retryable = new Set<ErrorCode>(["busy", "disk_full", "read_only"]);

/** The faults after which nothing was saved and the same action can be tried again as it was,
 *  once the cause is gone: the database busy, the disk full, or the file read-only. */
export const isRetryable = (error: CoreError): boolean => retryable.has(error.code);
