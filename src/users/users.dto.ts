import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsString,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageDto, PageQueryDto } from '../common/pagination.dto';
import { Optional, ToBoolean, Trim } from '../common/validation';
import { Role } from '../common/role';
import { User } from './user.entity';

export const PASSWORD_MIN_LENGTH = 12;

export class CreateUserDto {
  /** Unique, compared case-insensitively. @example "somchai.phommachanh@molsw.gov.la" */
  @Trim({ lowercase: true })
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** @example "Somchai Phommachanh" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** At least 12 characters. @example "correct horse battery" */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(128)
  password: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: [Role.Ministry] })
  @IsEnum(Role, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  roles: Role[];
}

export class UpdateUserDto {
  /** @example "Somchai Phommachanh" */
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: Role, enumName: 'Role', isArray: true, example: [Role.Ministry, Role.Iom] })
  @Optional()
  @IsEnum(Role, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  roles?: Role[];

  /** A deactivated user cannot sign in, and tokens already issued stop working. @example false */
  @Optional()
  @IsBoolean()
  active?: boolean;

  /** Sets a new password (an admin reset), at least 12 characters. @example "a new long passphrase" */
  @Optional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(128)
  password?: string;

  /** The `version` you read; a stale one is refused with 409, so nobody overwrites a change unseen. @example 1 */
  @IsInt()
  @Min(1)
  version: number;
}

export class UserQueryDto extends PageQueryDto {
  /** Part of the name or e-mail (for ministry and IOM staff: the name), case-insensitive. @example "somchai" */
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: Role,
    enumName: 'Role',
    description: 'Only users with this role; ministry and IOM staff must send `trainer` or `auditor`.',
  })
  @Optional()
  @IsEnum(Role)
  role?: Role;

  /** Only active (or deactivated) accounts; ministry and IOM staff see active ones only. @example true */
  @Optional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;
}

export class UserResponseDto {
  /** @example "0b8f6a3e-2f0c-4a5e-9d8b-3f1c2e4d5a6b" */
  id: string;

  /** @example "somchai.phommachanh@molsw.gov.la" */
  email: string;

  /** @example "Somchai Phommachanh" */
  name: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: [Role.Ministry] })
  roles: Role[];

  /** @example true */
  active: boolean;

  /** Send it back with a change. @example 1 */
  version: number;

  /** @example "2026-11-24T09:00:00.000Z" */
  createdAt: Date;

  /** @example "2026-11-24T09:00:00.000Z" */
  updatedAt: Date;
}

export class UserPageDto extends PageDto {
  items: UserResponseDto[];
}

/** A person ministry and IOM staff may assign to a training or a case: nothing but who. */
export class UserSummaryDto {
  /** @example "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" */
  id: string;

  /** @example "Demo IRIS Trainer" */
  name: string;
}

/** What ministry and IOM staff get from `GET /users?role=trainer|auditor`. */
export class UserSummaryPageDto extends PageDto {
  items: UserSummaryDto[];
}

export function toUserResponse(user: User): UserResponseDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    active: user.active,
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
