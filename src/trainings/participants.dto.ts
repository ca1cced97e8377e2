import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsEnum,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageDto } from '../common/pagination.dto';
import { IsIsoDate, IsPhone, Optional, Trim } from '../common/validation';
import { AttendanceMark, Participant } from './participant.entity';
import { AttendanceStatus, Sex } from './training.enums';

export class CreateParticipantDto {
  /** @example "Souksavanh Phommachack" */
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ enum: Sex, enumName: 'Sex', example: Sex.Female })
  @IsEnum(Sex)
  sex: Sex;

  /** @example "Recruitment officer" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  position: string;

  /** The agency they work for. @example "3b1f0c9e-8a7d-4e2b-9c1a-5d6e7f8a9b0c" */
  @IsUUID()
  agencyId: string;

  /** Lao without a country code, any other country's with `+`; stored in international format. @example "+856 20 55 551 234" */
  @Optional({ nullable: true })
  @IsPhone()
  @MaxLength(40)
  phone?: string | null;

  /** @example "souksavanh@agency.la" */
  @Optional({ nullable: true })
  @Trim({ lowercase: true })
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}

export class ParticipantDto {
  /** @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  id: string;

  /** @example "Souksavanh Phommachack" */
  fullName: string;

  @ApiProperty({ enum: Sex, enumName: 'Sex' })
  sex: Sex;

  /** @example "Recruitment officer" */
  position: string;

  /** @example "3b1f0c9e-8a7d-4e2b-9c1a-5d6e7f8a9b0c" */
  agencyId: string;

  /** In international format. @example "+856 20 55 551 234" */
  phone: string | null;

  /** @example "souksavanh@agency.la" */
  email: string | null;

  /** Whether they attended enough of all the days. @example true */
  completed: boolean;
}

export class ParticipantPageDto extends PageDto {
  items: ParticipantDto[];
}

export class MarkDto {
  /** @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  @IsUUID()
  participantId: string;

  /** A day of the training. @example "2026-11-19" */
  @IsIsoDate()
  day: string;

  @ApiProperty({ enum: AttendanceStatus, enumName: 'AttendanceStatus', example: AttendanceStatus.Present })
  @IsEnum(AttendanceStatus)
  status: AttendanceStatus;
}

export class PutAttendanceDto {
  @ValidateNested({ each: true })
  @Type(() => MarkDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  marks: MarkDto[];
}

export class RecordedMarkDto extends MarkDto {
  /** Who recorded it. @example "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" */
  recordedBy: string | null;

  /** @example "2026-11-19T08:15:00.000Z" */
  recordedAt: Date;
}

/** Every mark of the training (the answer to PUT). */
export class AttendanceDto {
  items: RecordedMarkDto[];
}

export class AttendancePageDto extends PageDto {
  items: RecordedMarkDto[];
}

export function toParticipantDto(p: Participant, completed: boolean): ParticipantDto {
  const { id, fullName, sex, position, agencyId, phone, email } = p;
  return { id, fullName, sex, position, agencyId, phone, email, completed };
}

export function toRecordedMark({
  participantId,
  day,
  status,
  recordedBy,
  recordedAt,
}: AttendanceMark): RecordedMarkDto {
  return { participantId, day, status, recordedBy, recordedAt };
}
