import { applyDecorators, Param, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsOptional,
  Matches,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import countries from 'i18n-iso-countries';
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

/** The one global pipe: unknown fields are refused, every bad field is named. */
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

/**
 * The field may be left out. Unlike class-validator's IsOptional, `null` is validated (and so refused)
 * unless `nullable`: a PATCH sending `{"name": null}` gets a 400, not a NOT NULL violation.
 */
export const Optional = ({ nullable = false }: { nullable?: boolean } = {}) =>
  nullable ? IsOptional() : ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** Query-string booleans: only the words true and false count. */
export const ToBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), {
    toClassOnly: true,
  });

/**
 * Trims strings and brings them to Unicode NFC, so Lao text typed on different keyboards compares equal;
 * `lowercase` for e-mails (unique case-insensitively), `uppercase` for codes.
 */
export const Trim = (options: { lowercase?: boolean; uppercase?: boolean } = {}) =>
  Transform(
    ({ value }) => {
      if (typeof value !== 'string') return value;
      // PostgreSQL text cannot hold NUL; drop it here so it never reaches the database.
      const text = value.split('\u0000').join('').trim().normalize('NFC');
      return options.lowercase ? text.toLowerCase() : options.uppercase ? text.toUpperCase() : text;
    },
    { toClassOnly: true },
  );

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 is refused). */
export const IsIsoDate = ({ each = false }: { each?: boolean } = {}) => {
  const what = each ? 'each value in' : '';
  return applyDecorators(
    ...(each ? [IsArray()] : []),
    Matches(/^\d{4}-\d{2}-\d{2}$/, {
      each,
      message: ({ property }) => `${what} ${property} must be a date written YYYY-MM-DD`.trim(),
    }),
    IsDateString(
      { strict: true },
      { each, message: ({ property }) => `${what} ${property} must be a real calendar date`.trim() },
    ),
  );
};

/** ISO 3166-1 alpha-2 country codes, checked against i18n-iso-countries. */
export const IsCountryCodes = () =>
  applyDecorators(
    IsArray(),
    ArrayUnique(),
    ArrayMaxSize(50),
    Transform(
      ({ value }) =>
        Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value,
      {
        toClassOnly: true,
      },
    ),
    ValidateBy(
      {
        name: 'isCountryCode',
        validator: {
          validate: (value: unknown) =>
            typeof value === 'string' && /^[A-Z]{2}$/.test(value) && countries.isValid(value),
          defaultMessage: (args) =>
            `each value in ${args?.property} must be an ISO 3166-1 alpha-2 country code`,
        },
      },
      { each: true },
    ),
  );
