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

/** A province field: upper-cased, then one of the 18 ISO 3166-2 codes (validation only; document it with ApiProperty). */
export const IsProvinceCode = () =>
  applyDecorators(Trim({ uppercase: true }), IsIn(PROVINCE_CODES, { context: { code: 'isProvinceCode' } }));
