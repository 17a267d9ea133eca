// The colour theme: dark by default, light on request. Remembered in localStorage and applied as
// `data-theme` on <html>, which app.css keys its colours on.
export type Theme = "dark" | "light";

const storageKey = "muster.theme";

export function storedTheme(): Theme {
  try {
    return localStorage.getItem(storageKey) === "light" ? "light" : "dark";
  } catch {
    return "dark"; // Storage is unavailable: use the default.
  }
}

export const shownTheme = (): Theme => (document.documentElement.dataset.theme === "light" ? "light" : "dark");

export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
}

export function chooseTheme(theme: Theme) {
  applyTheme(theme);
  try {
    localStorage.setItem(storageKey, theme);
  } catch {
    // Storage is unavailable: the choice lasts until the window closes.
  }
}
