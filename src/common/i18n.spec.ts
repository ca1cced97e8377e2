import { loadMessages, pageLanguage } from './i18n';

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

describe('the wording files', () => {
  const lo = loadMessages('lo');
  const en = loadMessages('en');
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('word every key in both Lao and English', () => {
    expect(Object.keys(lo).filter((key) => !(key in en))).toEqual([]);
    expect(Object.keys(en).filter((key) => !(key in lo))).toEqual([]);
  });

  it('fill the same placeholders in both languages', () => {
    const differ = Object.keys(en).filter(
      (key) => key in lo && placeholders(en[key]).join() !== placeholders(lo[key]).join(),
    );
    expect(differ).toEqual([]);
  });

  it('never leave a Lao text empty', () => {
    expect(Object.keys(lo).filter((key) => lo[key].trim() === '')).toEqual([]);
  });
});
