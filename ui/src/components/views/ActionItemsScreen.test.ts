// The open action items across incidents against a mocked core: overdue ones first and
// flagged, each naming its incident (which opens its review); an item closed here leaves.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockCore, resetCore } from "../../test/mock-core";
import { expectBackButtonGoesHome } from "../../test/navigation";
import { actionItem } from "../../test/review-fixtures";
import ActionItemsScreen from "./ActionItemsScreen.svelte";

afterEach(resetCore);

const items = [
  actionItem({ id: "soon", title: "Write the DNS runbook", due_on: "2099-01-01", owner: "Ana" }),
  actionItem({ id: "late", title: "Rotate the keys", due_on: "2026-05-01", overdue: true, incident_id: "other", incident_title: "Payments slow" }),
];

function renderActions() {
  const calls = mockCore({
    action_items_open: () => items,
    action_item_set_status: ({ id, status }) => ({ ...items.find((item) => item.id === id), status }),
  });
  const onhome = vi.fn();
  const onreview = vi.fn();
  render(ActionItemsScreen, { onhome, onreview });
  return { calls, onhome, onreview, user: userEvent.setup() };
}

describe("ActionItemsScreen", () => {
  it("lists overdue items first, flagged, and opens an item's incident review", async () => {
    const { onreview, user } = renderActions();
    const list = await screen.findByTestId("open-actions");
    const rows = [...list.querySelectorAll("[data-item]")];
    expect(rows.map((row) => row.getAttribute("data-item"))).toEqual(["late", "soon"]);
    expect(rows[0]).toHaveAttribute("data-overdue", "true");
    expect(rows[0]).toHaveTextContent("Overdue");
    expect(rows[1]).not.toHaveTextContent("Overdue");
    expect(screen.getByTestId("action-items-screen")).toHaveTextContent("2 open");
    expect(screen.getByTestId("action-items-screen")).toHaveTextContent("1 overdue");

    await user.click(screen.getByTestId("open-review-late"));
    expect(onreview).toHaveBeenCalledWith("other");
  });

  it("drops an item marked done from the list", async () => {
    const { calls, user } = renderActions();
    await user.selectOptions(await screen.findByTestId("status-late"), "done");
    await waitFor(() => expect(screen.queryByTestId("status-late")).not.toBeInTheDocument());
    expect(calls.find((call) => call.command === "action_item_set_status")?.args).toEqual({ id: "late", status: "done" });
  });

  it("goes home with the back button", async () => {
    const { onhome, user } = renderActions();
    await expectBackButtonGoesHome(user, onhome);
  });
});
