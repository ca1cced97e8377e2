import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, MaxLength } from 'class-validator';
import { FieldErrorDto } from './problem.dto';
import { CSV_DELIMITERS } from './tables';
import { ToBoolean } from './validation';

export class ImportQueryDto {
  /** Check the file and answer what would happen, writing nothing. @example true */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  dryRun?: boolean;
}

export class RejectedRowDto {
  /** The file's line, the header being line 1; in an .xlsx file, the worksheet's row number. @example 7 */
  line: number;

  errors: FieldErrorDto[];
}

/** How the file was read. */
export class ImportFormatDto {
  @ApiProperty({ enum: ['csv', 'xlsx'], example: 'csv', description: 'CSV text or an Excel workbook' })
  type: 'csv' | 'xlsx';

  @ApiPropertyOptional({
    enum: CSV_DELIMITERS,
    example: ';',
    description: 'CSV only: the separator found in the header line',
  })
  delimiter?: (typeof CSV_DELIMITERS)[number];

  /** XLSX only: the worksheet read (always the first). @example "Sheet1" */
  @MaxLength(31)
  worksheet?: string;
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

  /** How the file was read (always given by the two imports). */
  format?: ImportFormatDto;
}
