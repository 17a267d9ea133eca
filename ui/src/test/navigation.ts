// Checks shared by the screens with a way back home: the back button, and Escape, which first
// closes an open dialog and only then leaves.
import { screen } from "@testing-library/svelte";
import type { UserEvent } from "@testing-library/user-event";
import { expect, type Mock } from "vitest";

/** With a dialog open: Escape closes it and stays; a second Escape goes home. */
export async function expectEscapeClosesDialogThenGoesHome(user: UserEvent, onhome: Mock) {
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(onhome).not.toHaveBeenCalled();

  await user.keyboard("{Escape}");
  expect(onhome).toHaveBeenCalledOnce();
}

/** The top bar's back button goes home. */
export async function expectBackButtonGoesHome(user: UserEvent, onhome: Mock) {
  await user.click(await screen.findByTestId("nav-home"));
  expect(onhome).toHaveBeenCalledOnce();
}
