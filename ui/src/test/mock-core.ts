// Test double for the Rust core: answers IPC commands from a table of handlers (via Tauri's
// mockIPC), records every call, and fails loudly on a command the test did not expect. Events
// are mocked too: screens can listen, and a test can `emit` what the core would send.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";

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
  }, { shouldMockEvents: true });
  return calls;
}

/** For afterEach: unmounts what the test rendered and lets it stop listening for events, which
 *  still goes through the mocked core, and only then removes the mock. */
export async function resetCore() {
  cleanup();
  await new Promise((resolve) => setTimeout(resolve));
  clearMocks();
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
