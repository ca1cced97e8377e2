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
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
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

/** Phone numbers without a country code are Lao ones. */
const PHONE_REGION = 'LA';

/**
 * A phone number as written (`020 5555 1234`, `+856 20 1234 5678`, `2055551234` from a spreadsheet cell)
 * in international format (`+856 20 55 551 234`) when it is a possible number; otherwise the trimmed
 * text, for the validator to refuse. Possible, not valid: libphonenumber's list of Lao number ranges
 * lags behind the operators, and a number it does not know yet is still someone's phone.
 */
export function normalisePhone(text: string): string {
  const trimmed = text.split('\u0000').join('').trim();
  const phone = parsePhoneNumberFromString(trimmed, PHONE_REGION);
  return phone?.isPossible() ? phone.formatInternational() : trimmed;
}

const isPossiblePhone = (value: unknown) =>
  typeof value === 'string' && parsePhoneNumberFromString(value, PHONE_REGION)?.isPossible() === true;

/**
 * A phone number: Lao without a country code, any country's with `+`; stored and shown in
 * international format (normalisePhone). Agencies and participants share the rule. Put a
 * `@MaxLength(40)` beside it, where the OpenAPI plugin sees it.
 */
export const IsPhone = () =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? normalisePhone(value) : value), {
      toClassOnly: true,
    }),
    ValidateBy({
      name: 'isPhone',
      validator: {
        validate: isPossiblePhone,
        defaultMessage: (args) =>
          `${args?.property} must be a phone number: a Lao one like 020 5555 1234 or 021 415 678, or another country's starting with +`,
      },
    }),
  );
