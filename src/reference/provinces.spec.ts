import { provinceCodeOf } from './provinces';

describe('provinceCodeOf', () => {
  it.each([
    ['LA-SV', 'LA-SV'],
    ['la-sv', 'LA-SV'],
    ['Savannakhet', 'LA-SV'],
    ['savannakhet province', 'LA-SV'],
    ['ສະຫວັນນະເຂດ', 'LA-SV'],
    ['ແຂວງສະຫວັນນະເຂດ', 'LA-SV'],
    ['ແຂວງ ຈຳປາສັກ', 'LA-CH'],
    ['Vientiane Capital', 'LA-VT'],
    ['ນະຄອນຫຼວງວຽງຈັນ', 'LA-VT'],
    ['Vientiane', 'LA-VI'],
    ['Vientiane Province', 'LA-VI'],
    ['Champassak', 'LA-CH'],
  ])('reads %s as %s', (written, code) => {
    expect(provinceCodeOf(written)).toBe(code);
  });

  it('leaves what it cannot read for the validator to refuse', () => {
    expect(provinceCodeOf('Bangkok')).toBe('Bangkok');
    expect(provinceCodeOf('LA-XX')).toBe('LA-XX');
  });
});
