import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

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
