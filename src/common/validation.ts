import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { Param } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { FieldError, ValidationFailedException } from './errors';

/** Flattens class-validator's tree into `[{ field: "days[0]", message }]` for problem details. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The one global pipe (STYLE §11): unknown fields are refused, every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/** A route's `:name` UUID parameter; a malformed one is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new ValidationFailedException([{ field: name, message: `${name} must be a UUID` }]),
    }),
  );

/** Query-string booleans: only the words true and false count. */
export const ToBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), {
    toClassOnly: true,
  });

/** Trims strings; an e-mail is also lower-cased, as e-mail addresses are unique case-insensitively. */
export const Trim = (options: { lowercase?: boolean } = {}) =>
  Transform(
    ({ value }) =>
      typeof value === 'string' ? (options.lowercase ? value.trim().toLowerCase() : value.trim()) : value,
    { toClassOnly: true },
  );
