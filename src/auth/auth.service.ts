import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, ProblemException } from '../common/errors';
import type { AppConfig } from '../config/config';
import { verifyPassword } from '../users/passwords';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginDto, LoginResponseDto } from './auth.dto';
import { LoginThrottle } from './login-throttle';

export interface TokenClaims {
  sub: string;
  /** Set by the signer from JWT_TTL; required when a token is read. */
  exp?: number;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async login({ email, password }: LoginDto, address: string): Promise<LoginResponseDto> {
    await this.throttle.attempt(email, address);
    const user = await this.users.findByEmail(email);
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
      this.logger.warn({ address }, 'Failed sign-in');
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.InvalidCredentials,
        'Wrong e-mail or password.',
      );
    }
    if (!user.active) {
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.AccountDeactivated,
        'This account is deactivated.',
      );
    }
    await this.throttle.succeeded(email, address);
    return this.issueToken(user);
  }

  async issueToken(user: Pick<User, 'id' | 'email' | 'name' | 'roles'>): Promise<LoginResponseDto> {
    const claims: TokenClaims = { sub: user.id };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.get('JWT_TTL', { infer: true }),
      user: { id: user.id, email: user.email, name: user.name, roles: user.roles },
    };
  }
}
