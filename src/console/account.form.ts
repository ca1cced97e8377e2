import { IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '../users/users.dto';

/** A person changing their own password: the current one, and the new one (the rules of any password). */
export class ChangeOwnPasswordForm {
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(128)
  newPassword: string;
}
