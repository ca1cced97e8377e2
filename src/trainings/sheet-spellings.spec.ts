import { sheetSex, sheetStatus } from './sheet-spellings';
import { AttendanceStatus, Sex } from './training.enums';

describe('sheetSex: how sign-in sheets write sex', () => {
  it.each([
    ['female', Sex.Female],
    ['F', Sex.Female],
    [' f ', Sex.Female],
    ['ຍິງ', Sex.Female],
    ['Male', Sex.Male],
    ['M', Sex.Male],
    ['ຊາຍ', Sex.Male],
    ['other', Sex.Other],
    ['ອື່ນໆ', Sex.Other],
  ])('reads %j as %s', (cell, sex) => {
    expect(sheetSex(cell)).toBe(sex);
  });

  it.each(['', 'unknown', 'fm', '?'])('does not guess %j', (cell) => {
    expect(sheetSex(cell)).toBeUndefined();
  });
});

describe('sheetStatus: how sign-in sheets write attendance', () => {
  it.each([
    ['present', AttendanceStatus.Present],
    ['✓', AttendanceStatus.Present],
    ['P', AttendanceStatus.Present],
    ['ມາ', AttendanceStatus.Present],
    ['late', AttendanceStatus.Late],
    ['ມາຊ້າ', AttendanceStatus.Late],
    ['Excused', AttendanceStatus.Excused],
    ['ລາພັກ', AttendanceStatus.Excused],
    ['absent', AttendanceStatus.Absent],
    ['x', AttendanceStatus.Absent],
    ['X', AttendanceStatus.Absent],
    ['ຂາດ', AttendanceStatus.Absent],
  ])('reads %j as %s', (cell, status) => {
    expect(sheetStatus(cell)).toBe(status);
  });

  it('reads a blank cell as not marked, so it never overwrites a mark taken at the door', () => {
    expect(sheetStatus('')).toBeNull();
    expect(sheetStatus('   ')).toBeNull();
  });

  it.each(['here', 'maybe', '2'])('does not guess %j', (cell) => {
    expect(sheetStatus(cell)).toBeUndefined();
  });
});
