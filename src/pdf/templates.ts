import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The `templates/` folder (wording and layouts): found from here, in src/ under Jest and in dist/. */
export function templatesDir(start = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(path.join(candidate, 'i18n', 'en.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no templates/ folder above ${start}`);
  }
}

export type Language = 'lo' | 'en';
export const LANGUAGES: readonly Language[] = ['lo', 'en'];
export type Messages = Record<string, string>;

/** One language's strings, from `templates/i18n/{lang}.json`. */
export function loadMessages(lang: Language, dir = templatesDir()): Messages {
  return JSON.parse(readFileSync(path.join(dir, 'i18n', `${lang}.json`), 'utf8')) as Messages;
}

/** Lao months as written on official documents (templates/i18n: `month.1` … `month.12`). */
export function formatDate(day: string, lang: Language, messages: Messages): string {
  const [year, month, date] = day.split('-');
  const monthName = messages[`month.${Number(month)}`];
  return lang === 'lo' || !monthName ? `${date}/${month}/${year}` : `${Number(date)} ${monthName} ${year}`;
}
