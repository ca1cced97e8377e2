import { ApiProperty } from '@nestjs/swagger';
import { ErrorCode } from './errors';

export class FieldErrorDto {
  /** The field path, as sent by the client. @example "email" */
  field: string;

  /** What is wrong with it, in English, naming the field as users know it. @example "E-mail is required" */
  message: string;

  /**
   * The rule that failed, for clients that word errors themselves (the Lao console does): `required`,
   * `maxLength`, `isEmail`, `isIsoDate`… @example "required"
   */
  code?: string;

  /** The rule's limits, e.g. `{ "max": 200 }` for `maxLength`. @example {"max":200} */
  params?: Record<string, string | number>;
}

/** RFC 9457 problem details, served as `application/problem+json`. */
export class ProblemDto {
  /** A URI naming the kind of problem. @example "urn:problem:iris-lao:validation-failed" */
  type: string;

  /** A short summary of the kind of problem. @example "Bad Request" */
  title: string;

  /** The HTTP status code. @example 400 */
  status: number;

  /** What went wrong on this request, for a person to read. @example "The request has invalid fields; see errors." */
  detail: string;

  /** The request path. @example "/api/v1/users" */
  instance: string;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.ValidationFailed })
  code: ErrorCode;

  /** The request id, also in the `X-Request-Id` header; quote it when reporting a problem. @example "5f0c2a8e-5d1b-4b7e-9f2a-1c1e0f6b9a11" */
  requestId: string;

  /** Each invalid field, on validation problems. */
  errors?: FieldErrorDto[];

  /** On a refused duplicate: the id of the record it would repeat (`PARTICIPANT_DUPLICATE`). @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  existingId?: string;
}
