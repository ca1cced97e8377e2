import { applyDecorators } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { Trim } from '../common/validation';

/** The 18 provinces of Lao PDR by ISO 3166-2 code (docs/agencies.md). */
export const PROVINCES = [
  { code: 'LA-VT', nameEn: 'Vientiane Capital', nameLo: 'ນະຄອນຫຼວງວຽງຈັນ' },
  { code: 'LA-VI', nameEn: 'Vientiane', nameLo: 'ວຽງຈັນ' },
  { code: 'LA-PH', nameEn: 'Phongsaly', nameLo: 'ຜົ້ງສາລີ' },
  { code: 'LA-LM', nameEn: 'Luang Namtha', nameLo: 'ຫຼວງນ້ຳທາ' },
  { code: 'LA-OU', nameEn: 'Oudomxay', nameLo: 'ອຸດົມໄຊ' },
  { code: 'LA-BK', nameEn: 'Bokeo', nameLo: 'ບໍ່ແກ້ວ' },
  { code: 'LA-LP', nameEn: 'Luang Prabang', nameLo: 'ຫຼວງພະບາງ' },
  { code: 'LA-XA', nameEn: 'Xaignabouli', nameLo: 'ໄຊຍະບູລີ' },
  { code: 'LA-HO', nameEn: 'Houaphanh', nameLo: 'ຫົວພັນ' },
  { code: 'LA-XI', nameEn: 'Xiangkhouang', nameLo: 'ຊຽງຂວາງ' },
  { code: 'LA-XS', nameEn: 'Xaisomboun', nameLo: 'ໄຊສົມບູນ' },
  { code: 'LA-BL', nameEn: 'Bolikhamxay', nameLo: 'ບໍລິຄຳໄຊ' },
  { code: 'LA-KH', nameEn: 'Khammouane', nameLo: 'ຄຳມ່ວນ' },
  { code: 'LA-SV', nameEn: 'Savannakhet', nameLo: 'ສະຫວັນນະເຂດ' },
  { code: 'LA-SL', nameEn: 'Salavan', nameLo: 'ສາລະວັນ' },
  { code: 'LA-XE', nameEn: 'Sekong', nameLo: 'ເຊກອງ' },
  { code: 'LA-CH', nameEn: 'Champasak', nameLo: 'ຈຳປາສັກ' },
  { code: 'LA-AT', nameEn: 'Attapeu', nameLo: 'ອັດຕະປື' },
] as const;

export const PROVINCE_CODES: readonly string[] = PROVINCES.map((p) => p.code);

/** How a province is written, for comparing: case, spaces, punctuation and a "province"/"ແຂວງ" prefix aside. */
const provinceKey = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/^(ແຂວງ|ນະຄອນຫຼວງ)\s*/u, (prefix) => (prefix.startsWith('ນະຄອນ') ? prefix : ''))
    .replace(/\b(province|prefecture)\b/g, '')
    .replace(/[\s.,'’()_-]+/g, '');

const PROVINCE_BY_NAME = new Map<string, string>(
  PROVINCES.flatMap((p) => [
    [provinceKey(p.code), p.code],
    [provinceKey(p.nameEn), p.code],
    [provinceKey(p.nameLo), p.code],
  ]),
);
// Other spellings seen in ministry spreadsheets.
for (const [name, code] of [
  ['Vientiane Capital City', 'LA-VT'],
  ['Vientiane Municipality', 'LA-VT'],
  ['ນະຄອນຫລວງວຽງຈັນ', 'LA-VT'],
  ['Luang Prabang', 'LA-LP'],
  ['Louangphabang', 'LA-LP'],
  ['Louang Namtha', 'LA-LM'],
  ['Oudomxai', 'LA-OU'],
  ['Sayabouly', 'LA-XA'],
  ['Xayabury', 'LA-XA'],
  ['Houaphan', 'LA-HO'],
  ['Xiengkhouang', 'LA-XI'],
  ['Xaysomboun', 'LA-XS'],
  ['Borikhamxay', 'LA-BL'],
  ['Bolikhamsai', 'LA-BL'],
  ['Khammouan', 'LA-KH'],
  ['Saravane', 'LA-SL'],
  ['Xekong', 'LA-XE'],
  ['Champassak', 'LA-CH'],
  ['Attapu', 'LA-AT'],
] as const) {
  // (an official name always wins over another spelling)
  if (!PROVINCE_BY_NAME.has(provinceKey(name))) PROVINCE_BY_NAME.set(provinceKey(name), code);
}

/**
 * A province as people write it in a sheet (its code, its English or Lao name, or a common other
 * spelling) as its code; anything else unchanged, for the validator to refuse by name.
 */
export function provinceCodeOf(text: string): string {
  return PROVINCE_BY_NAME.get(provinceKey(text)) ?? text;
}

/** A province field: upper-cased, then one of the 18 ISO 3166-2 codes (validation only; document it with ApiProperty). */
export const IsProvinceCode = () =>
  applyDecorators(Trim({ uppercase: true }), IsIn(PROVINCE_CODES, { context: { code: 'isProvinceCode' } }));
