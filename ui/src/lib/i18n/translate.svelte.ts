// The active locale and `t`: looks a key up in the locale's dictionary, falls back to English
// (then to the key itself), and fills in `{name}` parameters. Adding a language means adding its
// dictionary (for example `zh-CN.ts`, a `Partial<Messages>`) to `dictionaries`.
import { en, type MessageKey, type Messages } from "./en";

const dictionaries = { en } satisfies Record<string, Partial<Messages>>;

export type Locale = keyof typeof dictionaries;
export type MessageParams = Record<string, string | number>;

let current = $state<Locale>("en");

export const getLocale = (): Locale => current;

export function setLocale(locale: Locale) {
  current = locale;
  document.documentElement.lang = locale;
}

export function translate(messages: Partial<Messages>, key: MessageKey, params?: MessageParams): string {
  const template: string = messages[key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const t = (key: MessageKey, params?: MessageParams): string => translate(dictionaries[current], key, params);
