import { applyDecorators, Param, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  isISO8601,
  IsOptional,
  Matches,
  ValidateBy,
  ValidateIf,
  getMetadataStorage,
} from 'class-validator';
import countries from 'i18n-iso-countries';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { FieldError, ValidationFailedException } from './errors';
import { fill, type Language, loadMessages } from './i18n';

/**
 * Flattens class-validator's tree into one error per field and broken rule, named the way the client
 * sent it (`days[0]`, `marks[2].status`), with a rule code and its limits (`maxLength`, `{ max: 200 }`)
 * and an English sentence naming the field as users know it ("Licence number is required"). A missing
 * field gets one "is required", not one message per rule. The console renders the same code in Lao.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    // A date not written YYYY-MM-DD is not also "not a real date": say the first thing to fix.
    const own = Object.keys(error.constraints ?? {}).filter(
      (name, _i, all) => !(name === 'isDateString' && all.includes('matches')),
    );
    const children = flattenValidationErrors(error.children ?? [], field);
    if (own.length === 0) return children;
    if (error.value === undefined || error.value === null) {
      return [fieldError(field, 'required'), ...children];
    }
    const limits = constraintsOf(error.target, error.property);
    return [
      ...own.map((name) => {
        const code =
          name === 'whitelistValidation'
            ? 'unknownField'
            : ((error.contexts?.[name] as { code?: string } | undefined)?.code ?? name);
        const params = paramsFor(name, limits.get(name));
        return fieldError(field, code, params, error.constraints![name]);
      }),
      ...children,
    ];
  });
}

/** A field error in English; `fallback` is used when the code has no wording (a custom validator's own message). */
export function fieldError(
  field: string,
  code: string,
  params: Record<string, string | number> = {},
  fallback?: string,
): FieldError {
  const message = fieldMessage('en', field, code, params, fallback);
  return Object.keys(params).length > 0 ? { field, code, params, message } : { field, code, message };
}

/** The sentence for a field error in `lang` (the console re-renders API errors in the user's language). */
export function fieldMessage(
  lang: Language,
  field: string,
  code: string,
  params: Record<string, string | number> = {},
  fallback?: string,
): string {
  const messages = loadMessages(lang);
  const template = messages[`validation.${code}`];
  // An unknown field has no label: it is named as the client wrote it.
  const label = code === 'unknownField' ? `"${lastName(field)}"` : fieldLabel(lang, field);
  if (template) return capitalise(fill(template, { ...params, label }));
  if (fallback)
    return capitalise(fallback.replace(new RegExp(`^(each value in )?${lastName(field)}\\b`), label));
  return capitalise(fill(messages['validation.invalid'], { label }));
}

/** "licenceNumber" → "Licence number", "marks[2].status" → "Status (marks, item 3)", from templates/i18n. */
export function fieldLabel(lang: Language, field: string): string {
  const messages = loadMessages(lang);
  const name = lastName(field);
  const label = messages[`field.${name}`] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const index = /\[(\d+)\](?:\.[A-Za-z]+)?$/.exec(field);
  if (!index) return label;
  const list = field.slice(0, index.index).replace(/.*\./, '');
  const item = fill(messages['validation.item'], { number: Number(index[1]) + 1 });
  return name === list ? `${label} ${item}` : `${label} (${messages[`field.${list}`] ?? list}, ${item})`;
}

const lastName = (field: string) =>
  /([A-Za-z][A-Za-z0-9]*)(?:\[\d+\])?$/.exec(field.replace(/\[\d+\]$/, ''))?.[1] ?? field;
const capitalise = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** The arguments each rule was declared with on the DTO (`@MaxLength(200)` → 200), by rule name. */
function constraintsOf(target: object | undefined, property: string): Map<string, unknown[]> {
  if (!target) return new Map();
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return new Map(
    metadata
      .filter((m) => m.propertyName === property && m.name)
      .map((m) => [m.name!, (m.constraints ?? []) as unknown[]]),
  );
}

function paramsFor(name: string, args: unknown[] = []): Record<string, string | number> {
  switch (name) {
    case 'maxLength':
    case 'max':
    case 'arrayMaxSize':
      return { max: Number(args[0]) };
    case 'minLength':
    case 'min':
    case 'arrayMinSize':
      return { min: Number(args[0]) };
    case 'isEnum':
      return { values: Object.values(args[0] as object).join(', ') };
    case 'isIn':
      return { values: (args[0] as unknown[]).join(', ') };
    default:
      return {};
  }
}

/** The one global pipe: unknown fields are refused, every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The target and value are read to word the errors; neither is ever sent back.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/** A route's `:name` UUID parameter; a malformed one is a 400 naming the parameter. Documented as `format: uuid`. */
export const UuidParam =
  (name = 'id'): ParameterDecorator =>
  (target, key, index) => {
    Param(
      name,
      new ParseUUIDPipe({
        exceptionFactory: () => new ValidationFailedException([fieldError(name, 'isUuid')]),
      }),
    )(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    ApiParam({ name, type: String, format: 'uuid', example: '3b1f0c9e-8a7d-4e2b-9c1a-5d6e7f8a9b0c' })(
      target,
      key!,
      descriptor,
    );
  };

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

/** Text with Lao script in it (a Lao name or title); the rule's code words the refusal in both languages. */
export const IsLaoScript = () =>
  // The Lao block of Unicode, written so that every OpenAPI tool can read the pattern.
  Matches(/[\u0E80-\u0EFF]/, { context: { code: 'laoScript' } });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 is refused). */
export const IsIsoDate = ({ each = false }: { each?: boolean } = {}) =>
  applyDecorators(
    ApiProperty({ type: String, isArray: each, format: 'date' }),
    ...(each ? [IsArray()] : []),
    Matches(ISO_DATE, { each, context: { code: 'isIsoDate' } }),
    IsDateString({ strict: true }, { each, context: { code: 'realDate' } }),
  );

/** Whether `value` passes IsIsoDate: a calendar date written YYYY-MM-DD that exists. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && isISO8601(value, { strict: true });
}

/** ISO 3166-1 alpha-2 country codes, checked against i18n-iso-countries. */
export const IsCountryCodes = () =>
  applyDecorators(
    ApiProperty({
      type: 'array',
      maxItems: 50,
      uniqueItems: true,
      items: { type: 'string', minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$' },
    }),
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
          defaultMessage: (args) => `${args?.property} must list ISO 3166-1 alpha-2 country codes`,
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
