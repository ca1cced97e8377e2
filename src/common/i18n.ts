import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Negotiator from 'negotiator';
import path from 'node:path';
import { laoDay } from './lao-calendar';

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

const cache = new Map<string, Messages>();

/**
 * One language's strings: `templates/i18n/{lang}.json` and, for the staff console's areas, every
 * `templates/i18n/{lang}/*.json` (one file per area keeps their wording apart). A key defined twice is a
 * bug, refused. Read once per folder.
 */
export function loadMessages(lang: Language, dir = templatesDir()): Messages {
  const file = path.join(dir, 'i18n', `${lang}.json`);
  let messages = cache.get(file);
  if (!messages) {
    messages = JSON.parse(readFileSync(file, 'utf8')) as Messages;
    const areas = path.join(dir, 'i18n', lang);
    const parts = existsSync(areas)
      ? readdirSync(areas)
          .filter((name) => name.endsWith('.json'))
          .sort()
      : [];
    for (const part of parts) {
      const more = JSON.parse(readFileSync(path.join(areas, part), 'utf8')) as Messages;
      for (const [key, value] of Object.entries(more)) {
        if (key in messages) throw new Error(`templates/i18n/${lang}/${part}: "${key}" is already defined`);
        messages[key] = value;
      }
    }
    cache.set(file, messages);
  }
  return messages;
}

/**
 * Fills `{name}` placeholders from `values`. A placeholder without a value is a bug in the caller, so it
 * throws rather than printing a blank or the raw `{name}` to an official.
 */
export function fill(template: string, values: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (!(name in values) || values[name] === undefined) {
      throw new Error(`no value for {${name}} in "${template}"`);
    }
    return String(values[name]);
  });
}

/** One wording entry, filled. A missing key is a bug, not a blank. */
export function translate(lang: Language, key: string, values?: Record<string, unknown>): string {
  const message = loadMessages(lang)[key];
  if (message === undefined) throw new Error(`templates/i18n/${lang}.json has no "${key}"`);
  return fill(message, values);
}

/** Lao months as written on official documents (templates/i18n: `month.1` … `month.12`). */
export function formatDate(day: string, lang: Language, messages: Messages): string {
  const [year, month, date] = day.split('-');
  const monthName = messages[`month.${Number(month)}`];
  return lang === 'lo' || !monthName ? `${date}/${month}/${year}` : `${Number(date)} ${monthName} ${year}`;
}

/** A moment, as the Lao calendar day and the time in Vientiane (UTC+7): "29/11/2026 14:05". */
export function formatMoment(at: Date | string, lang: Language, messages: Messages): string {
  const instant = new Date(at);
  const time = new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
  return `${formatDate(laoDay(instant), lang, messages)} ${time}`;
}

/** The language of a page: `?lang=` when given, else the browser's Accept-Language, else Lao. */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): Language {
  if (query === 'lo' || query === 'en') return query;
  const preferred = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([
    ...LANGUAGES,
  ]);
  return (preferred as Language | undefined) ?? 'lo';
}
