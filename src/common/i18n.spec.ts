import { pageLanguage } from './i18n';

describe('pageLanguage', () => {
  it.each([
    ['en', 'lo', 'en'],
    ['lo', 'en-US', 'lo'],
    [undefined, 'en-GB,en;q=0.9', 'en'],
    [undefined, 'th-TH,en;q=0.5,lo;q=0.8', 'lo'],
    [undefined, 'fr-FR', 'lo'],
    [undefined, undefined, 'lo'],
    ['xx', 'en', 'en'],
  ])('?lang=%s with Accept-Language %s is %s', (query, header, lang) => {
    expect(pageLanguage(query, header)).toBe(lang);
  });
});
