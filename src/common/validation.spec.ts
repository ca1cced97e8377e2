import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { flattenValidationErrors, IsPhone, normalisePhone } from './validation';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []) =>
  Object.assign(new ValidationError(), { property, constraints, children });

describe('flattenValidationErrors', () => {
  it('names nested and indexed fields the way the client sent them', () => {
    const errors = [
      error('email', { isEmail: 'email must be an email' }),
      error('days', undefined, [error('0', { isDate: 'must be a date' })]),
      error('contact', undefined, [error('phone', { isPhone: 'must be a phone number' })]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'email', message: 'email must be an email' },
      { field: 'days[0]', message: 'must be a date' },
      { field: 'contact.phone', message: 'must be a phone number' },
    ]);
  });

  it('lists every broken rule of one field', () => {
    const errors = [error('password', { minLength: 'too short', isString: 'must be a string' })];
    expect(flattenValidationErrors(errors)).toHaveLength(2);
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
        message:
          "phone must be a phone number: a Lao one like 020 5555 1234 or 021 415 678, or another country's starting with +",
      },
    ]);
    expect(check(2055551234).errors).toEqual(check('12345').errors);
  });
});
