import { Injectable } from '@nestjs/common';
import type Handlebars from 'handlebars';
import type { Language } from '../common/i18n';
import { Views } from '../common/views';
import { PROVINCES } from '../reference/provinces';

/** The staff console's templates (`templates/console`), with the public pages' helpers and a few more. */
@Injectable()
export class ConsoleViews extends Views {
  constructor() {
    super('console');
  }

  protected override registerHelpers(): void {
    super.registerHelpers();
    const langOf = (options: Handlebars.HelperOptions) => options.data.root.lang as Language;
    // A province by its code, in the reader's language: never the code itself.
    this.handlebars.registerHelper('province', (code: string | null, options: Handlebars.HelperOptions) => {
      const province = PROVINCES.find((p) => p.code === code);
      if (!province) return code ?? '';
      return langOf(options) === 'lo' ? province.nameLo : province.nameEn;
    });
    // The name to show first and the other, in the reader's language: {{inLang nameLo nameEn}}.
    this.handlebars.registerHelper('inLang', (lo: string, en: string, options: Handlebars.HelperOptions) =>
      langOf(options) === 'lo' ? lo : en,
    );
    this.handlebars.registerHelper(
      'inOtherLang',
      (lo: string, en: string, options: Handlebars.HelperOptions) => (langOf(options) === 'lo' ? en : lo),
    );
    this.handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));
    this.handlebars.registerHelper('plus', (a: number, b: number) => a + b);
  }
}
