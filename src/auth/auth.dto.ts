import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../common/validation';
import { Role } from '../common/role';

export class LoginDto {
  /** @example "admin@demo.iris.la" */
  @Trim({ lowercase: true })
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** @example "demo-admin-password" */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class SignedInUserDto {
  /** @example "0b8f6a3e-2f0c-4a5e-9d8b-3f1c2e4d5a6b" */
  id: string;

  /** @example "admin@demo.iris.la" */
  email: string;

  /** @example "Demo Administrator" */
  name: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: [Role.Admin] })
  roles: Role[];
}

export class LoginResponseDto {
  /** A JWT to send as `Authorization: Bearer …`. @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwYjhm…" */
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType: 'Bearer';

  /** Seconds until the token expires. @example 900 */
  expiresIn: number;

  user: SignedInUserDto;
}
