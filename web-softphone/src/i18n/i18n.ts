import { CATALOGUES, format, type Language, type MessageKey, pickLanguage } from './messages.js';

const STORAGE_KEY = 'switchboard.lang';

let current: Language = pickLanguage(safeGet(STORAGE_KEY), navigator.languages ?? [navigator.language]);
const listeners = new Set<() => void>();

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(CATALOGUES[current][key], params);
}

export function language(): Language {
  return current;
}

/** BCP 47 tag for dates and numbers. */
export function locale(): string {
  return current === 'zh' ? 'zh-CN' : 'en-GB';
}

export function setLanguage(lang: Language): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
  for (const fn of listeners) fn();
}

export function onLanguageChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
