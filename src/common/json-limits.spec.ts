import { holdsLoneSurrogate, jsonShapeRefusal } from './json-limits';

describe('jsonShapeRefusal', () => {
  it.each([
    ['a flat object', '{"email":"a@b.la","password":"x"}'],
    ['nesting at the limit', '['.repeat(4) + ']'.repeat(4)],
    ['brackets and quotes inside strings', '{"a":"[[[[[\\"{{{{{"}'],
    ['an escaped backslash before a closing quote', '{"a":"\\\\","b":[1]}'],
    ['members at the limit', `{${Array.from({ length: 3 }, (_, i) => `"k${i}":1`).join(',')}}`],
  ])('accepts %s', (_name, text) => {
    expect(jsonShapeRefusal(text, 4, 3)).toBeNull();
  });

  it.each([
    ['nesting one level too deep', '['.repeat(5) + ']'.repeat(5), 'nested deeper than 4 levels'],
    ['nested objects', '[{"a":[{"b":[1]}]}]', 'nested deeper than 4 levels'],
    ['one member too many', '{"a":1,"b":2,"c":3,"d":4}', 'more than 3 members'],
    ['an unclosed deep body', '['.repeat(5), 'nested deeper than 4 levels'],
  ])('refuses %s', (_name, text, message) => {
    expect(jsonShapeRefusal(text, 4, 3)).toContain(message);
  });

  it('scans a 1 MB body in well under a quarter second', () => {
    const body = '['.repeat(512 * 1024) + ']'.repeat(512 * 1024);
    const started = performance.now();
    expect(jsonShapeRefusal(body)).toContain('nested deeper than 32 levels');
    const flat = JSON.stringify({ list: Array.from({ length: 100_000 }, () => 'xxxxxx') });
    expect(jsonShapeRefusal(flat)).toBeNull();
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('holdsLoneSurrogate', () => {
  it.each([
    ['a high surrogate alone', { email: '\ud800@b.la' }],
    ['a low surrogate alone', ['a', ['\udc00']]],
    ['a pair in the wrong order', '\ude00\ud83d'],
    ['one in a key', { ['k\ud800']: 1 }],
  ])('finds %s', (_name, value) => {
    expect(holdsLoneSurrogate(value)).toBe(true);
  });

  it.each([
    ['a pair', { name: 'Smile \ud83d\ude00' }],
    ['Lao text', ['ບໍລິສັດ']],
    ['numbers, null and booleans', [1, null, true, { a: false }]],
  ])('passes %s', (_name, value) => {
    expect(holdsLoneSurrogate(value)).toBe(false);
  });
});
