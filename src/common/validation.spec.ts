import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsInt,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { Type } from 'class-transformer';
import { fieldLabel, fieldMessage, flattenValidationErrors, IsIsoDate } from './validation';

class Mark {
  @IsIsoDate()
  day: string;
}

class Body {
  @IsString()
  @MaxLength(10)
  licenceNumber: string;

  @IsEmail()
  email: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsIsoDate({ each: true })
  @ArrayMaxSize(2)
  days: string[];

  @ValidateNested({ each: true })
  @Type(() => Mark)
  marks: Mark[];
}

const errorsOf = (plain: object) =>
  flattenValidationErrors(
    validateSync(plainToInstance(Body, plain), { validationError: { target: true, value: true } }),
  );

const valid = { licenceNumber: 'MOLSW-1', email: 'a@b.la', version: 1, days: ['2026-01-01'], marks: [] };

describe('flattenValidationErrors', () => {
  it('says a missing field is required, once, whatever rules it has', () => {
    const { licenceNumber: _missing, ...rest } = valid;
    expect(errorsOf(rest)).toEqual([
      { field: 'licenceNumber', code: 'required', params: {}, message: 'Licence number is required' },
    ]);
  });

  it('names the field as users know it and gives the rule and its limit', () => {
    expect(errorsOf({ ...valid, licenceNumber: 'MOLSW-2026-000001' })).toEqual([
      {
        field: 'licenceNumber',
        code: 'maxLength',
        params: { max: 10 },
        message: 'Licence number must be at most 10 characters long',
      },
    ]);
  });

  it('lists every broken rule of one field', () => {
    expect(errorsOf({ ...valid, version: 0.5 }).map((e) => e.code)).toEqual(['min', 'isInt']);
  });

  it('names nested and indexed fields the way the client sent them', () => {
    const errors = errorsOf({ ...valid, marks: [{ day: '2026-01-01' }, { day: '2026-02-30' }] });
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'marks[1].day',
        code: 'realDate',
        message: 'Day (Attendance marks, item 2) must be a real calendar date',
      }),
    ]);
  });

  it('words a custom rule by its code', () => {
    expect(errorsOf({ ...valid, days: ['1 May 2026'] })).toEqual([
      expect.objectContaining({
        field: 'days',
        code: 'isIsoDate',
        message: 'Days must be a date written YYYY-MM-DD',
      }),
    ]);
  });
});

describe('fieldMessage', () => {
  it.each([
    ['en', 'licenceNumber', 'required', {}, 'Licence number is required'],
    ['lo', 'licenceNumber', 'required', {}, 'ຈຳເປັນຕ້ອງໃສ່ ເລກທີໃບອະນຸຍາດ'],
    ['lo', 'nameEn', 'maxLength', { max: 200 }, 'ຊື່ພາສາອັງກິດ ຍາວໄດ້ບໍ່ເກີນ 200 ຕົວອັກສອນ'],
    ['en', 'someNewField', 'required', {}, 'Some new field is required'],
    ['en', 'email', 'noSuchRule', {}, 'E-mail is not valid'],
  ] as const)('%s: %s %s → %s', (lang, field, code, params, expected) => {
    expect(fieldMessage(lang, field, code, params)).toBe(expected);
  });
});

describe('fieldLabel', () => {
  it.each([
    ['days[0]', 'Days item 1'],
    ['marks[2].status', 'Status (Attendance marks, item 3)'],
    ['contactPerson', 'Contact person'],
  ])('%s reads %s', (field, label) => {
    expect(fieldLabel('en', field)).toBe(label);
  });
});
