// The one door to the Rust core. Every command goes through `call`, which turns a rejected
// invoke into a typed `CommandError` the UI can branch on by `code`.
import { invoke } from "@tauri-apps/api/core";
import type { CommandError } from "../bindings/CommandError";
import type { ErrorCode } from "../bindings/ErrorCode";

export class CoreError extends Error {
  readonly code: ErrorCode;
  constructor(error: CommandError) {
    super(error.message);
    this.code = error.code;
    this.name = "CoreError";
  }
}

function isCommandError(value: unknown): value is CommandError {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isCommandError(error)) throw new CoreError(error);
    throw new CoreError({ code: "internal", message: String(error) });
  }
}
