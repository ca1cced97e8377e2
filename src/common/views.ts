import Handlebars from 'handlebars';
import countries from 'i18n-iso-countries';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  fill,
  formatDate,
  formatMoment,
  type Language,
  loadMessages,
  type Messages,
  templatesDir,
} from './i18n';

/**
 * Server-rendered pages: Handlebars templates from one folder of `templates/` (`pages` for the public
 * registry, `console` for the staff console) with its `partials/`, wording from `templates/i18n`,
 * compiled once. Handlebars escapes every `{{value}}`, so names typed by officials cannot inject markup.
 */
export class Views {
  protected readonly handlebars = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly messages: Record<Language, Messages>;

  constructor(folder: string) {
    const dir = path.join(templatesDir(), folder);
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

  /** A template alone, without the layout: a fragment for htmx to swap in. */
  fragment(page: string, lang: Language, data: Record<string, unknown>): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no page template ${page}`);
    return template({ ...data, lang, otherLang: lang === 'lo' ? 'en' : 'lo' });
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

  protected registerHelpers(): void {
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
    // A moment, as the Lao calendar day and the time in Vientiane.
    this.handlebars.registerHelper('moment', (at: Date | string | null, options: Handlebars.HelperOptions) =>
      at ? formatMoment(at, langOf(options), this.messages[langOf(options)]) : '',
    );
    this.handlebars.registerHelper('country', (code: string, options: Handlebars.HelperOptions) =>
      this.countryName(langOf(options), code),
    );
    // A value inside a link's query string: {{encode next}}.
    this.handlebars.registerHelper('encode', (value: unknown) => encodeURIComponent(String(value ?? '')));
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.handlebars.registerHelper('not', (a: unknown) => !a);
    this.handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    this.handlebars.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    this.handlebars.registerHelper('includes', (list: unknown, value: unknown) =>
      Array.isArray(list) ? list.includes(value) : false,
    );
  }
}
