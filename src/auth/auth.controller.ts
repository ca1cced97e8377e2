import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { PublicRateLimit } from '../common/request-limits';
import { type Actor, Auth, CurrentActor, Public } from '../common/auth.decorators';
import { SignedInUserDto, LoginDto, LoginResponseDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@ApiProblems(500)
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in with e-mail and password; answers a short-lived bearer token. */
  @Post('login')
  @Public()
  @PublicRateLimit()
  @HttpCode(200)
  @ApiProblems(400, 401, 429)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponseDto> {
    return this.auth.login(dto, address);
  }

  /** The signed-in user. */
  @Get('me')
  @Auth()
  getMe(@CurrentActor() actor: Actor): SignedInUserDto {
    const { id, email, name, roles } = actor;
    return { id, email, name, roles };
  }
}
