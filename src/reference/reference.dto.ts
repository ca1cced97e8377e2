import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageDto } from '../common/pagination.dto';
import { Trim } from '../common/validation';
import { IrisCriterion } from './iris-criterion.entity';
import { PROVINCE_CODES } from './provinces';

export class ProvinceDto {
  @ApiProperty({ enum: PROVINCE_CODES, example: 'LA-VT', description: 'ISO 3166-2 code' })
  code: string;

  /** @example "Vientiane Capital" */
  nameEn: string;

  /** @example "ນະຄອນຫຼວງວຽງຈັນ" */
  nameLo: string;
}

export class ProvinceListDto {
  items: ProvinceDto[];
}

export class CriterionDto {
  /** A principle ("A", "B", "1"–"5") or a criterion under one ("A.1"). @example "A.2" */
  code: string;

  /** The principle it belongs to; a principle's own code for a principle. @example "A" */
  principle: string;

  /** @example "The labour recruiter prohibits forced labour" */
  title: string;

  /** IRIS Standard version. @example "1.2" */
  standardVersion: string;
}

export class CriterionPageDto extends PageDto {
  items: CriterionDto[];
}

export class CreateCriterionDto {
  /** `<principle>.<number>`, under an existing principle. @example "1.4" */
  @Trim()
  @MaxLength(6)
  @Matches(/^(A|B|[1-5])\.\d{1,2}$/, {
    message: 'code must be a principle code, a dot and a number, like 1.4',
  })
  code: string;

  /** @example "The labour recruiter does not charge jobseekers any fee for recruitment" */
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title: string;
}

export function toCriterionDto({ code, principle, title, standardVersion }: IrisCriterion): CriterionDto {
  return { code, principle, title, standardVersion };
}
