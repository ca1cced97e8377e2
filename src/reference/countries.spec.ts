import { countryCodesOf } from './countries';

describe('countryCodesOf', () => {
  it.each([
    ['TH;KR', ['TH', 'KR']],
    ['th, kr', ['TH', 'KR']],
    ['TH KR JP', ['TH', 'KR', 'JP']],
    ['Thailand, Japan', ['TH', 'JP']],
    ['South Korea; Thailand', ['KR', 'TH']],
    ['ໄທ; ເກົາຫຼີ', ['TH', 'KR']],
    ['ຍີ່ປຸ່ນ', ['JP']],
    ['', []],
  ])('reads %j as %j', (cell, codes) => {
    expect(countryCodesOf(cell)).toEqual(codes);
  });

  it('keeps what is not a country, for the validator to refuse', () => {
    expect(countryCodesOf('Atlantis; TH')).toEqual(['Atlantis', 'TH']);
  });
});
