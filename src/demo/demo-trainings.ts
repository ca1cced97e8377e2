import { AttendanceStatus as A, Sex, TrainingKind } from '../trainings/training.enums';
import { normalisePhone } from '../common/validation';
import type { DemoDates } from './demo-dates';

const GIVEN_F = [
  'Souksavanh',
  'Vilayvanh',
  'Manivone',
  'Khamla',
  'Noy',
  'Latsamy',
  'Phonesavanh',
  'Chansamone',
  'Daovone',
  'Keo',
  'Somphone',
  'Vanhxay',
  'Dara',
  'Bouasone',
  'Phetsamone',
  'Malaythong',
  'Sengchanh',
  'Viengkham',
  'Thipphavanh',
  'Anousone',
  'Kongkeo',
  'Sisomphone',
  'Nalinthone',
];
const GIVEN_M = [
  'Bounmy',
  'Khamphone',
  'Sengphet',
  'Sokxay',
  'Thongkham',
  'Oudom',
  'Sithong',
  'Khampheng',
  'Yer',
  'Somsack',
  'Phoutthasone',
  'Bounthanh',
  'Chanthala',
  'Viengsay',
];
const FAMILY = [
  'Phommachanh',
  'Sisavath',
  'Keomany',
  'Vongsa',
  'Inthirath',
  'Latsavong',
  'Douangmala',
  'Phanthavong',
  'Sayavong',
  'Keovilay',
  'Sengsouvanh',
  'Sihalath',
  'Chanthavong',
  'Vilaysack',
  'Khounvilay',
  'Phimmasone',
];
const POSITIONS = [
  'Managing director',
  'Recruitment officer',
  'Compliance officer',
  'Deputy director',
  'Pre-departure trainer',
  'Administrative officer',
];

/** Day-1 and day-2 marks for the 37 workshop participants: most came both days, a few late, excused or absent. */
function workshopMarks(i: number): [A, A] {
  if (i === 36) return [A.Absent, A.Absent];
  if (i === 35) return [A.Present, A.Absent];
  if (i >= 32) return [A.Present, A.Excused];
  if (i % 11 === 3) return [A.Late, A.Present];
  if (i % 13 === 5) return [A.Present, A.Late];
  return [A.Present, A.Present];
}

/**
 * The Vientiane workshop, held over two days about six weeks before `d.today`: 37 participants (23 women)
 * from the 24 workshop agencies, one each and a second for 13 of them.
 */
export const demoWorkshop = (d: DemoDates) => ({
  training: {
    title: 'IRIS ethical recruitment training for labour recruitment agencies',
    venue: 'Lao Plaza Hotel, Vientiane',
    province: 'LA-VT',
    organiser: 'IOM and the Ministry of Labour and Social Welfare',
    fundingProgramme: 'PROMISE',
    kind: TrainingKind.IrisAwareness,
    days: [d.ago(40), d.ago(39)],
  },
  participants: Array.from({ length: 37 }, (_, i) => {
    const female = i < 32 ? ![1, 4, 6].includes(i % 8) : i < 35;
    const given = female ? GIVEN_F[i % GIVEN_F.length] : GIVEN_M[i % GIVEN_M.length];
    return {
      agencyIndex: i < 24 ? i : ((i - 24) * 2 + 1) % 24,
      fullName: `${given} ${FAMILY[(i * 7) % FAMILY.length]}`,
      sex: female ? Sex.Female : Sex.Male,
      position: POSITIONS[i % POSITIONS.length],
      phone: normalisePhone(`020 ${5600 + i * 3} ${2000 + i * 41}`),
      marks: workshopMarks(i),
    };
  }),
});

/** A one-day gap-analysis session in Savannakhet for five agencies, 19 days before `d.today`. */
export const demoGapAnalysis = (d: DemoDates) => ({
  training: {
    title: 'IRIS capacity building: gap analysis against the IRIS Standard',
    venue: 'Savanbanhao Hotel, Kaysone Phomvihane',
    province: 'LA-SV',
    organiser: 'IOM',
    fundingProgramme: 'PROMISE',
    kind: TrainingKind.GapAnalysis,
    days: [d.ago(19)],
  },
  participants: [3, 8, 9, 1, 6].map((agencyIndex, i) => ({
    agencyIndex,
    fullName: `${i % 2 ? GIVEN_M[i + 3] : GIVEN_F[i + 5]} ${FAMILY[i + 3]}`,
    sex: i % 2 ? Sex.Male : Sex.Female,
    position: 'Compliance officer',
    phone: normalisePhone(`020 ${5800 + i} ${3000 + i * 17}`),
    marks: [i === 4 ? A.Absent : A.Present] as A[],
  })),
});
