// Turns whatever a failed call threw into a CoreError, so views can branch on `code` and show
// `message` without guessing. `call` already throws CoreError; anything else is a UI bug.
import { CoreError } from "./invoke";

export const asCoreError = (error: unknown): CoreError =>
  error instanceof CoreError
    ? error
    : new CoreError({ code: "internal", message: error instanceof Error ? error.message : String(error) });
