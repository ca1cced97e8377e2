import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageDto, PageQueryDto } from '../common/pagination.dto';
import { IsIsoDate, IsLaoScript, Optional, Trim } from '../common/validation';
import { IsProvinceCode, PROVINCE_CODES } from '../reference/provinces';
import { TrainingKind } from './training.enums';

export class CreateTrainingDto {
  /** @example "IRIS ethical recruitment training for recruitment agencies" */
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title: string;

  /** The title in Lao script, shown first on Lao pages and certificates. @example "ການຝຶກອົບຮົມ IRIS ກ່ຽວກັບການຈັດຫາງານຢ່າງມີຈັນຍາບັນ" */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(300)
  @IsLaoScript()
  titleLo?: string | null;

  /** @example "Lao Plaza Hotel, Vientiane" */
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  venue: string;

  @ApiProperty({ enum: PROVINCE_CODES, example: 'LA-VT', description: 'ISO 3166-2 code of the province' })
  @IsProvinceCode()
  province: string;

  /** @example "IOM and MoLSW" */
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  organiser: string;

  /** @example "PROMISE" */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(200)
  fundingProgramme?: string | null;

  @ApiPropertyOptional({ enum: TrainingKind, enumName: 'TrainingKind', default: TrainingKind.IrisAwareness })
  @Optional()
  @IsEnum(TrainingKind)
  kind?: TrainingKind;

  /** The training's days, YYYY-MM-DD. @example ["2026-11-19","2026-11-20"] */
  @IsIsoDate({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ArrayUnique()
  days: string[];

  /**
   * Users with the trainer role, at least one: only a training's trainers record its attendance. A
   * trainer who creates the training is added, so they may send an empty list.
   * @example ["7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"]
   */
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20)
  @ArrayUnique()
  trainerIds: string[];
}

export class UpdateTrainingDto extends PartialType(OmitType(CreateTrainingDto, [] as const), {
  skipNullProperties: false,
}) {
  /** The `version` you read (stale: 409). @example 1 */
  @IsInt()
  @Min(1)
  version: number;
}

export class TrainingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROVINCE_CODES })
  @Optional()
  @IsProvinceCode()
  province?: string;

  @ApiPropertyOptional({ enum: TrainingKind, enumName: 'TrainingKind' })
  @Optional()
  @IsEnum(TrainingKind)
  kind?: TrainingKind;

  /** Only trainings whose first day is on or after this date. @example "2026-01-01" */
  @Optional()
  @IsIsoDate()
  from?: string;

  /** Only trainings whose first day is on or before this date. @example "2026-12-31" */
  @Optional()
  @IsIsoDate()
  to?: string;

  /** Only trainings this user trains. @example "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" */
  @Optional()
  @IsUUID()
  trainerId?: string;
}

export class TrainerDto {
  /** @example "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" */
  id: string;

  /** @example "Demo IRIS Trainer" */
  name: string;
}

export class TrainingResponseDto {
  /** @example "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e" */
  id: string;

  /** @example "IRIS ethical recruitment training for recruitment agencies" */
  title: string;

  /** @example "ການຝຶກອົບຮົມ IRIS ກ່ຽວກັບການຈັດຫາງານຢ່າງມີຈັນຍາບັນ" */
  titleLo: string | null;

  /** @example "Lao Plaza Hotel, Vientiane" */
  venue: string;

  /** @example "LA-VT" */
  province: string;

  /** @example "IOM and MoLSW" */
  organiser: string;

  /** @example "PROMISE" */
  fundingProgramme: string | null;

  @ApiProperty({ enum: TrainingKind, enumName: 'TrainingKind' })
  kind: TrainingKind;

  /** @example ["2026-11-19","2026-11-20"] */
  days: string[];

  trainers: TrainerDto[];

  /** @example 1 */
  version: number;
}

export class TrainingPageDto extends PageDto {
  items: TrainingResponseDto[];
}

export class SexCountsDto {
  /** @example 23 */
  female: number;

  /** @example 14 */
  male: number;

  /** @example 0 */
  other: number;
}

export class TrainingSummaryDto {
  /** @example 37 */
  participants: number;

  /** Distinct agencies the participants came from. @example 24 */
  agencies: number;

  bySex: SexCountsDto;

  /** Participants who attended enough of all the training's days. @example 33 */
  completed: number;

  /** completed / participants, 0 when there are none. @example 0.89 */
  completionRate: number;

  /** @example "37 participants (23F) from 24 agencies" */
  label: string;
}

export class ProvinceTrainedDto {
  /** @example "LA-VT" */
  province: string;

  /** Agencies of that province with at least one staff member who completed an IRIS training. @example 12 */
  agenciesTrained: number;
}

export class TrainingsOverviewDto {
  /** Trainings held. @example 2 */
  trainings: number;

  /** @example 47 */
  participants: number;

  bySex: SexCountsDto;

  agenciesTrainedByProvince: ProvinceTrainedDto[];
}
