// Desktop notifications through Tauri's notification plugin. The permission is checked (and
// asked for, where the system asks) once, on the first notification.
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";

let permission: Promise<boolean> | null = null;

const allowed = (): Promise<boolean> =>
  (permission ??= (async () => (await isPermissionGranted()) || (await requestPermission()) === "granted")());

/** Shows a desktop notification; resolves to whether it was sent (false without permission). */
export async function notify(title: string, body: string): Promise<boolean> {
  if (!(await allowed())) return false;
  sendNotification({ title, body });
  return true;
}
