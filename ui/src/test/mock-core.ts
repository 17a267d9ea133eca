// Test double for the Rust core: answers IPC commands from a table of handlers (via Tauri's
// mockIPC), records every call, and fails loudly on a command the test did not expect.
import { mockIPC } from "@tauri-apps/api/mocks";

export type Handler = (args: Record<string, unknown>) => unknown;
export type Call = { command: string; args: Record<string, unknown> };

export function mockCore(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC((command, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ command, args: payload });
    const handler = handlers[command];
    if (!handler) throw { code: "internal", message: `unexpected command ${command}` };
    return handler(payload);
  });
  return calls;
}

/** A promise the test settles by hand, to look at the screen while a call is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
