import { HttpException, HttpStatus } from '@nestjs/common';

/** Codes clients can branch on; each maps to one HTTP status in the problem-details filter. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedRequest = 'MALFORMED_REQUEST',
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  AccountDeactivated = 'AUTH_ACCOUNT_DEACTIVATED',
  Unauthenticated = 'AUTH_REQUIRED',
  Forbidden = 'FORBIDDEN',
  TooManyLoginAttempts = 'AUTH_TOO_MANY_ATTEMPTS',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  EmailTaken = 'USER_EMAIL_TAKEN',
  LastAdmin = 'USER_LAST_ADMIN',
  CriterionTaken = 'CRITERION_TAKEN',
  LicenceTaken = 'AGENCY_LICENCE_TAKEN',
  StaleVersion = 'STALE_VERSION',
  IllegalLicenceChange = 'AGENCY_ILLEGAL_LICENCE_CHANGE',
  CsvRejected = 'CSV_REJECTED',
  CaseAlreadyOpen = 'CASE_ALREADY_OPEN',
  CaseIllegalTransition = 'CASE_ILLEGAL_TRANSITION',
  CaseGuardFailed = 'CASE_GUARD_FAILED',
  CaseFinal = 'CASE_FINAL',
  LicenceNotActive = 'AGENCY_LICENCE_NOT_ACTIVE',
  FindingIllegalStatus = 'FINDING_ILLEGAL_STATUS',
  TrainingNotCompleted = 'TRAINING_NOT_COMPLETED',
  ParticipantDuplicate = 'PARTICIPANT_DUPLICATE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  Unavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

export interface FieldError {
  field: string;
  message: string;
  /** The rule that failed (`required`, `maxLength`…), when it has one: clients word it in their own language. */
  code?: string;
  /** The rule's limits (`{ max: 200 }`). */
  params?: Record<string, string | number>;
}

/** A workflow rule that clients must be able to tell apart (its status chosen by code). */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** The record a refused duplicate would repeat, for a client to offer to use (or merge into) it. */
    readonly existingId?: string,
  ) {
    super(message);
  }
}

/** An HTTP error that already knows its problem-details members. */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail, status);
  }
}

/** 503 with Retry-After: the service cannot do it now (the database, or too much work at once). */
export function serviceUnavailable(detail: string, retryAfterSeconds: number): ProblemException {
  return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.Unavailable, detail, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
}

export class ValidationFailedException extends ProblemException {
  constructor(errors: FieldError[], detail = 'The request has invalid fields; see errors.') {
    super(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, detail, errors);
  }
}

export function statusForDomainError(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.MalformedRequest:
    case ErrorCode.CsvRejected:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.InvalidCredentials:
    case ErrorCode.AccountDeactivated:
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
    case ErrorCode.EmailTaken:
    case ErrorCode.LastAdmin:
    case ErrorCode.CriterionTaken:
    case ErrorCode.LicenceTaken:
    case ErrorCode.StaleVersion:
    case ErrorCode.IllegalLicenceChange:
    case ErrorCode.CaseAlreadyOpen:
    case ErrorCode.CaseIllegalTransition:
    case ErrorCode.CaseGuardFailed:
    case ErrorCode.CaseFinal:
    case ErrorCode.LicenceNotActive:
    case ErrorCode.FindingIllegalStatus:
    case ErrorCode.TrainingNotCompleted:
    case ErrorCode.ParticipantDuplicate:
      return HttpStatus.CONFLICT;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorCode.TooManyLoginAttempts:
    case ErrorCode.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

/** Unique constraints whose violation a client can fix; anything else is a generic 409. */
export const UNIQUE_CONSTRAINTS: Record<string, { code: ErrorCode; field: string; message: string }> = {
  user_email_key: {
    code: ErrorCode.EmailTaken,
    field: 'email',
    message: 'a user with this e-mail already exists',
  },
  agency_licence_number_key: {
    code: ErrorCode.LicenceTaken,
    field: 'licenceNumber',
    message: 'an agency with this licence number is registered already',
  },
  participant_identity_key: {
    code: ErrorCode.ParticipantDuplicate,
    field: 'fullName',
    message: 'this training has a participant of this agency with this name already',
  },
  certification_case_open_agency_key: {
    code: ErrorCode.CaseAlreadyOpen,
    field: 'agencyId',
    message: 'this agency has an open certification case already',
  },
};
