// The API wrappers: arguments reach the right command, and a failed command becomes a CoreError.
import { afterEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockCore } from "../../test/mock-core";
import { actOnIncident } from "./incident";
import { CoreError } from "./invoke";
import { listRunbooks } from "./runbook";

afterEach(() => clearMocks());

describe("api wrappers", () => {
  it("send the command name and its arguments", async () => {
    const calls = mockCore({ incident_act: () => [{ seq: 2 }] });
    const action = { action: "tick", step: "confirm-outage", note: null, evidence: null } as const;
    await expect(actOnIncident("inc-1", action)).resolves.toEqual([{ seq: 2 }]);
    expect(calls).toEqual([{ command: "incident_act", args: { incidentId: "inc-1", action } }]);
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
