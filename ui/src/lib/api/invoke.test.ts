// The API wrappers: arguments reach the right command, and a failed command becomes a CoreError.
import { afterEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockCore } from "../../test/mock-core";
import { tickStep } from "./incident";
import { CoreError } from "./invoke";
import { listRunbooks } from "./runbook";

afterEach(() => clearMocks());

describe("api wrappers", () => {
  it("send the command name and its arguments", async () => {
    const calls = mockCore({ incident_tick_step: () => ({ seq: 2 }) });
    await expect(tickStep("inc-1", "confirm-outage")).resolves.toEqual({ seq: 2 });
    expect(calls).toEqual([{ command: "incident_tick_step", args: { incidentId: "inc-1", stepKey: "confirm-outage" } }]);
  });

  it("map a rejected { code, message } to a CoreError with that code and message", async () => {
    mockCore({
      runbook_list: () => {
        throw { code: "database_unavailable", message: "cannot open /tmp/muster.db" };
      },
    });
    const error = await listRunbooks().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreError);
    expect(error).toMatchObject({ code: "database_unavailable", message: "cannot open /tmp/muster.db" });
  });

  it("map any other rejection to an internal CoreError", async () => {
    mockCore({
      runbook_list: () => {
        throw "IPC channel closed";
      },
    });
    await expect(listRunbooks()).rejects.toMatchObject({ code: "internal", message: "IPC channel closed" });
  });
});
