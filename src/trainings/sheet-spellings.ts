import { AttendanceStatus, Sex } from './training.enums';

/**
 * How people write sex and attendance on a paper sign-in sheet, typed up: `F`, `ຍິງ`, `✓`… One rule for
 * the API's import and the console's preview (docs/trainings.md, "Sign-in sheets").
 */
const SEXES: Record<string, Sex> = {
  female: Sex.Female,
  f: Sex.Female,
  woman: Sex.Female,
  w: Sex.Female,
  ຍິງ: Sex.Female,
  ເພດຍິງ: Sex.Female,
  ນາງ: Sex.Female,
  male: Sex.Male,
  m: Sex.Male,
  man: Sex.Male,
  ຊາຍ: Sex.Male,
  ເພດຊາຍ: Sex.Male,
  ທ້າວ: Sex.Male,
  other: Sex.Other,
  o: Sex.Other,
  ອື່ນໆ: Sex.Other,
  ອື່ນ: Sex.Other,
};

const STATUSES: Record<string, AttendanceStatus> = {
  present: AttendanceStatus.Present,
  p: AttendanceStatus.Present,
  '✓': AttendanceStatus.Present,
  '✔': AttendanceStatus.Present,
  '√': AttendanceStatus.Present,
  yes: AttendanceStatus.Present,
  y: AttendanceStatus.Present,
  '1': AttendanceStatus.Present,
  ມາ: AttendanceStatus.Present,
  late: AttendanceStatus.Late,
  l: AttendanceStatus.Late,
  ມາຊ້າ: AttendanceStatus.Late,
  ຊ້າ: AttendanceStatus.Late,
  excused: AttendanceStatus.Excused,
  e: AttendanceStatus.Excused,
  ລາພັກ: AttendanceStatus.Excused,
  ລາ: AttendanceStatus.Excused,
  absent: AttendanceStatus.Absent,
  a: AttendanceStatus.Absent,
  x: AttendanceStatus.Absent,
  '✗': AttendanceStatus.Absent,
  '✘': AttendanceStatus.Absent,
  no: AttendanceStatus.Absent,
  n: AttendanceStatus.Absent,
  '0': AttendanceStatus.Absent,
  ຂາດ: AttendanceStatus.Absent,
};

/** A cell as compared: trimmed, one Unicode form, lower case (`F` and ` f ` are one spelling). */
export const spellingKey = (cell: string): string => cell.normalize('NFC').trim().toLowerCase();

/** The sex a cell means; undefined when it is not a way of writing one. */
export function sheetSex(cell: string): Sex | undefined {
  return SEXES[spellingKey(cell)];
}

/**
 * The mark a day's cell means: null for a blank cell (not marked: a blank never overwrites a mark taken
 * at the door), undefined when it is not a way of writing a mark.
 */
export function sheetStatus(cell: string): AttendanceStatus | null | undefined {
  const key = spellingKey(cell);
  return key === '' ? null : STATUSES[key];
}
