import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/users/role.enum';
import { CreateUserDto, UserResponseDto } from '../../src/users/users.dto';
import { UsersService } from '../../src/users/users.service';

export const PASSWORD = 'a-long-test-password';

/** Factories that go through the real services, with partial overrides (STYLE §34). */
export class Fixtures {
  constructor(private readonly app: INestApplication) {}

  user(overrides: Partial<CreateUserDto> = {}): Promise<UserResponseDto> {
    const suffix = randomBytes(4).toString('hex');
    return this.app.get(UsersService).create(
      {
        email: `user-${suffix}@example.la`,
        name: `Test User ${suffix}`,
        password: PASSWORD,
        roles: [Role.Ministry],
        ...overrides,
      },
      null,
    );
  }

  /** A bearer token for a new user with `roles`, minted as login would. */
  async tokenFor(...roles: Role[]): Promise<string> {
    return (await this.signIn(roles)).token;
  }

  async signIn(roles: Role[]): Promise<{ token: string; user: UserResponseDto }> {
    const user = await this.user({ roles });
    const { accessToken } = await this.app.get(AuthService).issueToken(user);
    return { token: accessToken, user };
  }
}
