import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import countries from 'i18n-iso-countries';
import Negotiator from 'negotiator';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  fill,
  formatDate,
  LANGUAGES,
  type Language,
  loadMessages,
  type Messages,
  templatesDir,
} from '../common/i18n';

/** The language of a page: `?lang=` when given, else the browser's Accept-Language, else Lao. */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): Language {
  if (query === 'lo' || query === 'en') return query;
  const preferred = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([
    ...LANGUAGES,
  ]);
  return (preferred as Language | undefined) ?? 'lo';
}

/**
 * Server-rendered public pages: Handlebars templates from `templates/pages`, wording from
 * `templates/i18n`, compiled once. Handlebars escapes every `{{value}}`, so names typed by officials
 * cannot inject markup.
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly messages: Record<Language, Messages>;

  constructor() {
    const dir = path.join(templatesDir(), 'pages');
    this.messages = { lo: loadMessages('lo'), en: loadMessages('en') };
    for (const file of readdirSync(path.join(dir, 'partials'))) {
      this.handlebars.registerPartial(
        path.basename(file, '.hbs'),
        readFileSync(path.join(dir, 'partials', file), 'utf8'),
      );
    }
    this.registerHelpers();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.hbs'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      this.pages.set(path.basename(file, '.hbs'), this.handlebars.compile(source, { strict: false }));
    }
  }

  /** `page` inside the layout, in `lang`; `data` is the page's view model. */
  render(page: string, lang: Language, data: Record<string, unknown>): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no page template ${page}`);
    const context = { ...data, lang, otherLang: lang === 'lo' ? 'en' : 'lo' };
    const body = template(context);
    return this.pages.get('layout')!({ ...context, body });
  }

  /** One wording entry; `{name}` placeholders are filled from `values`. A missing key is a bug, not a blank. */
  text(lang: Language, key: string, values: Record<string, unknown> = {}): string {
    const message = this.messages[lang][key];
    if (message === undefined) throw new Error(`templates/i18n/${lang}.json has no "${key}"`);
    return fill(message, values);
  }

  countryName(lang: Language, code: string): string {
    return this.messages[lang][`country.${code}`] ?? countries.getName(code, 'en') ?? code;
  }

  private registerHelpers(): void {
    const langOf = (options: Handlebars.HelperOptions) => options.data.root.lang as Language;
    this.handlebars.registerHelper('t', (key: string, options: Handlebars.HelperOptions) =>
      this.text(langOf(options), key, options.hash as Record<string, unknown>),
    );
    // A key built from a prefix and a value: {{tk "web.certification." status}}.
    this.handlebars.registerHelper('tk', (prefix: string, value: string, options: Handlebars.HelperOptions) =>
      this.text(langOf(options), `${prefix}${value}`, options.hash as Record<string, unknown>),
    );
    this.handlebars.registerHelper('date', (day: string | null, options: Handlebars.HelperOptions) =>
      day ? formatDate(day, langOf(options), this.messages[langOf(options)]) : '',
    );
    this.handlebars.registerHelper('country', (code: string, options: Handlebars.HelperOptions) =>
      this.countryName(langOf(options), code),
    );
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }
}
