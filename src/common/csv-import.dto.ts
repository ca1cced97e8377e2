import { IsBoolean, IsOptional } from 'class-validator';
import { FieldErrorDto } from './problem.dto';
import { ToBoolean } from './validation';

export class ImportQueryDto {
  /** Check the file and answer what would happen, writing nothing. @example true */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  dryRun?: boolean;
}

export class RejectedRowDto {
  /** The file's line, the header being line 1. @example 7 */
  line: number;

  errors: FieldErrorDto[];
}

export class ImportResultDto {
  /** New records (agencies, participants). @example 20 */
  created: number;

  /** Records whose fields (or, for a sign-in sheet, marks) changed. @example 3 */
  updated: number;

  /** Rows identical to the register. @example 1 */
  unchanged: number;

  /** Rows not imported, with each field's problem; the other rows are imported. */
  rejected: RejectedRowDto[];

  /** True when nothing was written. @example false */
  dryRun: boolean;
}
