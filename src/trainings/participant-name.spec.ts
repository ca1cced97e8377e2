import { participantNameKey } from './participant-name';

describe('participantNameKey (one person per name and agency in a training)', () => {
  it.each([
    ['the same name in another case', 'Souksavanh Phommachack', 'SOUKSAVANH phommachack'],
    ['spaces around and between the words', '  Souksavanh   Phommachack ', 'Souksavanh Phommachack'],
    ['a non-breaking or zero-width space', 'Souksavanh\u00A0Phommachack', 'Souksavanh \u200BPhommachack'],
    ['a tab or a line break copied from a sheet', 'Souksavanh\tPhommachack', 'Souksavanh\nPhommachack'],
    ['an accent as one character or two (NFC)', 'Ngoc Ánh', 'Ngoc A\u0301nh'],
    ['Lao ຳ typed as ໍ + າ', 'ນາງ ຄຳແສງ', 'ນາງ ຄໍາແສງ'],
    ['Lao ໜ typed as ຫ + ນ', 'ທ້າວ ໜູພັນ', 'ທ້າວ ຫນູພັນ'],
  ])('reads %s as the same name', (_case, a, b) => {
    expect(participantNameKey(a)).toBe(participantNameKey(b));
  });

  it.each([
    ['another given name', 'Souksavanh Phommachack', 'Souksavan Phommachack'],
    ['another Lao tone mark', 'ນາງ ຄຳແສງ', 'ນາງ ຄ້ຳແສງ'],
    ['words run together', 'Soukphommachack', 'Souk Phommachack'],
  ])('tells %s apart', (_case, a, b) => {
    expect(participantNameKey(a)).not.toBe(participantNameKey(b));
  });

  it('keeps the name readable: single spaces, lower case', () => {
    expect(participantNameKey('  Souksavanh \u00A0 PHOMMACHACK ')).toBe('souksavanh phommachack');
  });
});
