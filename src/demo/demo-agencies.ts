import { LicenceStatus } from '../agencies/licence-status';
import { addDays, addMonths } from '../common/lao-calendar';
import { normalisePhone } from '../common/validation';
import { type DemoDates, monthOf } from './demo-dates';

/**
 * [licence number, Lao name, English name, province, district, destinations, contact person]; an empty
 * district stands for an agency taken over from a ministry spreadsheet with no contact details at all.
 */
type Row = [string, string, string, string, string, string, string];

/**
 * The 24 agencies that attended the Vientiane IRIS workshop (invented, realistic names), then four whose
 * licences are suspended, revoked or expired.
 */
const WORKSHOP: Row[] = [
  [
    'MOLSW-RA-2022-001',
    'ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ',
    'Sisavath Recruitment Co., Ltd.',
    'LA-VT',
    'Xaysetha',
    'TH;KR',
    'Vilayvanh Sisavath',
  ],
  [
    'MOLSW-RA-2022-002',
    'ບໍລິສັດ ມິດຕະພາບ ແຮງງານລາວ ຈຳກັດ',
    'Lao Mitthaphab Manpower Co., Ltd.',
    'LA-VT',
    'Sikhottabong',
    'TH',
    'Bounmy Keomany',
  ],
  [
    'MOLSW-RA-2022-003',
    'ບໍລິສັດ ບໍລິການຈັດຫາງານ ແສງຈັນ ຈຳກັດ',
    'Saengchan Employment Services Co., Ltd.',
    'LA-VT',
    'Chanthabouly',
    'JP',
    'Noy Saengchan',
  ],
  [
    'MOLSW-RA-2022-004',
    'ບໍລິສັດ ແຮງງານຕ່າງປະເທດ ຄຳພອນ ຈຳກັດ',
    'Khamphone Overseas Labour Co., Ltd.',
    'LA-SV',
    'Kaysone Phomvihane',
    'TH;KR',
    'Khamphone Vongsa',
  ],
  [
    'MOLSW-RA-2022-005',
    'ບໍລິສັດ ຊັບພະຍາກອນມະນຸດ ດາວເຮືອງ ຈຳກັດ',
    'Daoheuang Human Resources Co., Ltd.',
    'LA-CH',
    'Pakse',
    'TH',
    'Daovone Phommachanh',
  ],
  [
    'MOLSW-RA-2022-006',
    'ບໍລິສັດ ສີມືແຮງງານ ວຽງໄຊ ຈຳກັດ',
    'Viengxay Skills and Jobs Co., Ltd.',
    'LA-VT',
    'Sisattanak',
    'KR',
    'Somphone Viengxay',
  ],
  [
    'MOLSW-RA-2023-007',
    'ບໍລິສັດ ຈັດຫາງານ ພົງສະຫວັນ ຈຳກັດ',
    'Phongsavanh Recruitment Co., Ltd.',
    'LA-VT',
    'Xaythany',
    'TH;JP',
    'Phonesavanh Inthirath',
  ],
  [
    'MOLSW-RA-2023-008',
    'ບໍລິສັດ ສົ່ງອອກແຮງງານ ຈຳປາ ຈຳກັດ',
    'Champa Labour Export Co., Ltd.',
    'LA-CH',
    'Champasak',
    'TH',
    'Keo Champa',
  ],
  [
    'MOLSW-RA-2023-009',
    'ບໍລິສັດ ກຳລັງແຮງງານ ສະຫວັນ ຈຳກັດ',
    'Savan Workforce Co., Ltd.',
    'LA-SV',
    'Outhoumphone',
    'TH',
    'Sengphet Savan',
  ],
  [
    'MOLSW-RA-2023-010',
    'ບໍລິສັດ ຈັດຫາງານ ຂົວແມ່ຂອງ ຈຳກັດ',
    'Mekong Bridge Employment Co., Ltd.',
    'LA-KH',
    'Thakhek',
    'TH',
    'Anousone Chanthala',
  ],
  [
    'MOLSW-RA-2023-011',
    'ບໍລິສັດ ແຮງງານ ໂຊກໄຊ ຈຳກັດ',
    'Sokxay Manpower Co., Ltd.',
    'LA-VI',
    'Phonhong',
    'KR',
    'Sokxay Latsavong',
  ],
  [
    'MOLSW-RA-2023-012',
    'ບໍລິສັດ ສູນຈັດຫາງານ ນະຄອນຫຼວງ ຈຳກັດ',
    'Nakhon Luang Job Centre Co., Ltd.',
    'LA-VT',
    'Chanthabouly',
    'JP;KR',
    'Latsamy Douangmala',
  ],
  [
    'MOLSW-RA-2023-013',
    'ບໍລິສັດ ຈັດຫາງານ ສຸກສົມບູນ ຈຳກັດ',
    'Souksomboun Recruitment Co., Ltd.',
    'LA-LP',
    'Luang Prabang',
    'TH',
    'Souksomboun Phanthavong',
  ],
  [
    'MOLSW-RA-2023-014',
    'ບໍລິສັດ ບໍລິການແຮງງານ ທອງຄຳ ຈຳກັດ',
    'Thongkham Labour Services Co., Ltd.',
    'LA-XA',
    'Xaignabouli',
    'TH',
    'Thongkham Sayavong',
  ],
  [
    'MOLSW-RA-2023-015',
    'ບໍລິສັດ ຈັດຫາງານ ແກ້ວອຸດົມ ຈຳກັດ',
    'Keo Oudom Employment Co., Ltd.',
    'LA-OU',
    'Xay',
    'TH',
    'Oudom Keovilay',
  ],
  [
    'MOLSW-RA-2024-016',
    'ບໍລິສັດ ວຽກຕ່າງປະເທດ ພູຂາວ ຈຳກັດ',
    'Phoukhao Overseas Jobs Co., Ltd.',
    'LA-BL',
    'Pakxan',
    'KR',
    'Chansamone Phoukhao',
  ],
  [
    'MOLSW-RA-2024-017',
    'ບໍລິສັດ ທຶນມະນຸດ ແສງດາລາ ຈຳກັດ',
    'Sengdara Human Capital Co., Ltd.',
    'LA-VT',
    'Sisattanak',
    'JP',
    'Dara Sengsouvanh',
  ],
  [
    'MOLSW-RA-2024-018',
    'ບໍລິສັດ ຄົນງານ ບໍລິຄັນ ຈຳກັດ',
    'Bolikhan Workers Co., Ltd.',
    'LA-BL',
    'Bolikhan',
    'TH',
    'Vanhxay Bolikhan',
  ],
  [
    'MOLSW-RA-2024-019',
    'ບໍລິສັດ ຈັດຫາງານ ສີທອງ ຈຳກັດ',
    'Sithong Recruitment Co., Ltd.',
    'LA-SL',
    'Salavan',
    'TH',
    'Sithong Khounvilay',
  ],
  [
    'MOLSW-RA-2024-020',
    'ບໍລິສັດ ຈັດຫາງານ ວັນນະພອນ ຈຳກັດ',
    'Vannaphone Employment Co., Ltd.',
    'LA-VT',
    'Xaysetha',
    'KR;JP',
    'Vannaphone Sihalath',
  ],
  [
    'MOLSW-RA-2024-021',
    'ບໍລິສັດ ແຮງງານ ຊຽງຂວາງ ຈຳກັດ',
    'Xieng Khouang Labour Co., Ltd.',
    'LA-XI',
    'Pek',
    'TH',
    'Yer Vang',
  ],
  [
    'MOLSW-RA-2024-022',
    'ບໍລິສັດ ແຮງງານ ຈັນທະວົງ ຈຳກັດ',
    'Chanthavong Manpower Co., Ltd.',
    'LA-VT',
    'Hadxayfong',
    'TH;KR',
    'Manivone Chanthavong',
  ],
  [
    'MOLSW-RA-2024-023',
    'ບໍລິສັດ ເຊື່ອມໂຍງວຽກ ສາຍະພອນ ຈຳກັດ',
    'Sayaphone Job Link Co., Ltd.',
    'LA-KH',
    'Thakhek',
    'TH',
    'Sayaphone Vilaysack',
  ],
  [
    'MOLSW-RA-2024-024',
    'ບໍລິສັດ ຈັດຫາງານຕ່າງປະເທດ ອິນທະວົງ ຈຳກັດ',
    'Inthavong Overseas Employment Co., Ltd.',
    'LA-VT',
    'Sikhottabong',
    'JP',
    'Khampheng Inthavong',
  ],
];

const OTHERS: Row[] = [
  [
    'MOLSW-RA-2022-031',
    'ບໍລິສັດ ຈັດຫາງານ ນົກນ້ອຍ ຈຳກັດ',
    'Noknoy Recruitment Co., Ltd.',
    'LA-SV',
    'Xaybouly',
    'TH',
    'Noknoy Sengdara',
  ],
  [
    'MOLSW-RA-2021-032',
    'ບໍລິສັດ ວຽກໄວ ລາວ ຈຳກັດ',
    'Fast Jobs Laos Co., Ltd.',
    'LA-VT',
    'Naxaythong',
    'TH',
    'Kongkeo Phimmasone',
  ],
  ['MOLSW-RA-2021-033', 'ບໍລິສັດ ແຮງງານ ບົວລະພາ ຈຳກັດ', 'Bualapha Labour Co., Ltd.', 'LA-KH', '', 'TH', ''],
  [
    'MOLSW-RA-2022-034',
    'ບໍລິສັດ ຈັດຫາງານ ປາກຊ່ອງ ຈຳກັດ',
    'Paksong Employment Co., Ltd.',
    'LA-CH',
    'Paksong',
    'KR',
    'Phetsamone Paksong',
  ],
];

/** Status changes made after registration, with their public reasons. */
function statusChanges(d: DemoDates): Record<string, { status: LicenceStatus; reason: string }> {
  return {
    'MOLSW-RA-2022-031': {
      status: LicenceStatus.Suspended,
      reason: `Charged jobseekers placement fees (MoLSW inspection, ${monthOf(d.monthsAgo(2))}); suspended pending refunds`,
    },
    'MOLSW-RA-2021-032': {
      status: LicenceStatus.Revoked,
      reason: 'Sent workers abroad without written contracts; licence revoked by MoLSW decision',
    },
  };
}

/** Licences that lapsed (they read as expired without anyone acting): months since they expired. */
const LAPSED_MONTHS_AGO: Record<string, number> = {
  'MOLSW-RA-2021-033': 17,
  'MOLSW-RA-2022-034': 8,
};

/** Licences run five years: valid through the day before the fifth anniversary. */
const LICENCE_MONTHS = 60;

/**
 * A demo agency's licence, dated back from today: issued 26 to 56 months ago (older for an older
 * licence number, so every one is still active), or, for a lapsed one, expired months ago.
 */
function licenceDates(licenceNumber: string, i: number, d: DemoDates) {
  const lapsedAgo = LAPSED_MONTHS_AGO[licenceNumber];
  if (lapsedAgo !== undefined) {
    const expiresOn = d.monthsAgo(lapsedAgo);
    return {
      licenceIssuedOn: addMonths(addDays(expiresOn, 1), -LICENCE_MONTHS),
      licenceExpiresOn: expiresOn,
    };
  }
  const numbered = Number(licenceNumber.split('-')[2]);
  const issuedOn = d.monthsAgo(26 + (2024 - numbered) * 11 + (i % 9));
  return { licenceIssuedOn: issuedOn, licenceExpiresOn: addDays(addMonths(issuedOn, LICENCE_MONTHS), -1) };
}

function toAgency(
  [licenceNumber, nameLo, nameEn, province, district, destinations, contactPerson]: Row,
  i: number,
  d: DemoDates,
) {
  const slug = nameEn.split(' ')[0].toLowerCase();
  return {
    licenceNumber,
    nameLo,
    nameEn,
    ...licenceDates(licenceNumber, i, d),
    province,
    destinationCountries: destinations.split(';'),
    ...(district
      ? {
          district,
          address: `Ban ${district}, ${district} District`,
          phone: normalisePhone(`+856 20 ${5500 + i * 7} ${1000 + i * 37}`),
          email: `contact@${slug}-recruit.la`,
          contactPerson,
        }
      : {}),
  };
}

/** The 28 demo agencies, with licences dated from `d.today`, and the status changes made since. */
export function demoAgencies(d: DemoDates) {
  return {
    agencies: [...WORKSHOP, ...OTHERS].map((row, i) => toAgency(row, i, d)),
    statusChanges: statusChanges(d),
  };
}

export const DEMO_WORKSHOP_LICENCES = WORKSHOP.map(([licenceNumber]) => licenceNumber);
