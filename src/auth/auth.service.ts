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
  /** Set by the signer: when it was issued. */
  iat?: number;
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

  async login(dto: LoginDto, address: string): Promise<LoginResponseDto> {
    return this.issueToken(await this.authenticate(dto, address));
  }

  /**
   * Checks an e-mail and password, throttled per account-and-address and per address (the API's sign-in
   * and the console's share it). A wrong password and a deactivated account get the same answer, so a
   * guess cannot learn that the password was right.
   */
  async authenticate({ email, password }: LoginDto, address: string): Promise<User> {
    await this.throttle.attempt(email, address);
    const user = await this.users.findByEmail(email);
    if (!(await verifyPassword(user?.passwordHash, password)) || !user || !user.active) {
      this.logger.warn({ address }, 'Failed sign-in');
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.InvalidCredentials,
        'Wrong e-mail or password, or the account is deactivated.',
      );
    }
    await this.throttle.succeeded(email, address);
    return user;
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
