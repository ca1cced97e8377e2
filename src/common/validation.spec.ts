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
import {
  fieldLabel,
  fieldMessage,
  flattenValidationErrors,
  IsIsoDate,
  IsPhone,
  normalisePhone,
} from './validation';

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
      { field: 'licenceNumber', code: 'required', message: 'Licence number is required' },
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

describe('normalisePhone and IsPhone', () => {
  it.each([
    ['+856 20 1234 5678', '+856 20 12 345 678'],
    ['020 1234 5678', '+856 20 12 345 678'],
    ['2055551234', '+856 20 55 551 234'],
    ['(020) 5555-1234', '+856 20 55 551 234'],
    ['021 415 678', '+856 21 415 678'],
    [' +66 81 234 5678 ', '+66 81 234 5678'],
  ])('accepts %j as written and stores %j', (written, stored) => {
    expect(normalisePhone(written)).toBe(stored);
  });

  it.each(['12', '12345', 'abc', '020 5555 12345 6789'])('leaves %j as it is, to be refused', (written) => {
    expect(normalisePhone(written)).toBe(written);
  });

  class Contact {
    @IsPhone()
    phone: unknown;
  }
  const check = (phone: unknown) => {
    const contact = plainToInstance(Contact, { phone });
    return { phone: contact.phone, errors: flattenValidationErrors(validateSync(contact)) };
  };

  it('normalises before validating, and names the field when it refuses', () => {
    expect(check('020 1234 5678')).toEqual({ phone: '+856 20 12 345 678', errors: [] });
    expect(check('12345').errors).toEqual([
      {
        field: 'phone',
        code: 'isPhone',
        message: 'Phone must be a phone number, like 020 5555 1234 or +856 21 415 678',
      },
    ]);
    expect(check(2055551234).errors).toEqual(check('12345').errors);
  });
});
