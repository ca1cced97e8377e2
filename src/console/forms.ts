import { HttpException } from '@nestjs/common';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import {
  DomainError,
  type FieldError,
  ProblemException,
  UNIQUE_CONSTRAINTS,
  ValidationFailedException,
} from '../common/errors';
import { type Language, loadMessages } from '../common/i18n';
import { fieldMessage, flattenValidationErrors } from '../common/validation';
import { StaleUploadError } from './staged-uploads';

/**
 * A form's body checked by the API's own DTO class, with the same rules as the global pipe: unknown
 * fields refused, each broken rule named. Throws ValidationFailedException like a request would.
 */
export async function validateForm<T extends object>(dto: ClassConstructor<T>, plain: object): Promise<T> {
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: true, value: true },
  });
  if (errors.length > 0) throw new ValidationFailedException(flattenValidationErrors(errors));
  return instance;
}

/** Typed text as the services take it: trimmed, without NUL (PostgreSQL text cannot hold one). */
const clean = (value: string) => value.split('\u0000').join('').trim();

/** A form field's value: one trimmed string, or undefined when left empty. */
export function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return undefined;
  const trimmed = clean(first);
  return trimmed === '' ? undefined : trimmed;
}

/** Every value of a multi-valued field (checkboxes, a multiple select). */
export function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .filter((v): v is string => typeof v === 'string')
    .map(clean)
    .filter((v) => v !== '');
}

/** A whole number from a form field (a hidden `version`), or undefined. */
export function integer(value: unknown): number | undefined {
  const raw = text(value);
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

/** What a form shows after a refused submission: a summary at the top and a message by each field. */
export interface FormErrors {
  summary: { field?: string; message: string }[];
  fields: Record<string, string>;
  /** The refusal's own code (STALE_VERSION…), for pages that handle one specially. */
  code?: string;
}

/**
 * A refusal of a form submission, worded for the person in their language: validation errors field by
 * field (the rule's code worded from templates/i18n), workflow refusals (409) as a summary line. Null for
 * anything else, which the console's error page handles.
 */
export function formErrors(error: unknown, lang: Language): FormErrors | null {
  if (error instanceof StaleUploadError) {
    return { summary: [{ message: loadMessages(lang)['console.import.staleUpload'] }], fields: {} };
  }
  if (error instanceof ValidationFailedException)
    return fromFieldErrors(error.errors ?? [], lang, error.code);
  if (error instanceof DomainError) {
    const fieldErrors = error.errors?.filter((e) => e.field !== 'to') ?? [];
    const result = fromFieldErrors(fieldErrors, lang, error.code);
    if (fieldErrors.length === 0)
      result.summary.push({ message: problemMessage(lang, error.code, error.message) });
    return result;
  }
  if (error instanceof ProblemException && error.getStatus() < 500) {
    const result = fromFieldErrors(error.errors ?? [], lang, error.code);
    if (!error.errors?.length)
      result.summary.push({ message: problemMessage(lang, error.code, error.message) });
    return result;
  }
  const taken = uniqueViolationOf(error);
  if (taken) {
    const message = problemMessage(lang, taken.code, taken.message);
    return {
      summary: [{ field: taken.field, message }],
      fields: { [taken.field]: message },
      code: taken.code,
    };
  }
  if (error instanceof HttpException && error.getStatus() === 409) {
    return { summary: [{ message: error.message }], fields: {} };
  }
  return null;
}

/** A unique value taken already (an e-mail, a licence number): the field the person can fix. */
function uniqueViolationOf(error: unknown) {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' ? UNIQUE_CONSTRAINTS[constraint] : undefined;
}

/**
 * A refusal worded in the person's language by its code (`problem.<CODE>` in templates/i18n); the API's
 * English detail when the code has no wording there.
 */
export function problemMessage(lang: Language, code: string | undefined, detail: string): string {
  return (code && loadMessages(lang)[`problem.${code}`]) || detail;
}

function fromFieldErrors(errors: FieldError[], lang: Language, code?: string): FormErrors {
  const fields: Record<string, string> = {};
  const summary: FormErrors['summary'] = [];
  for (const error of errors) {
    const message = error.code
      ? fieldMessage(lang, error.field, error.code, error.params, error.message)
      : error.message;
    // One message a field: the first rule to fix.
    if (fields[error.field] !== undefined) continue;
    fields[error.field] = message;
    summary.push({ field: error.field, message });
  }
  return { summary, fields, code };
}
