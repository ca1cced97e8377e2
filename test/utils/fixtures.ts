import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CreateAgencyDto } from '../../src/agencies/agencies.dto';
import { AgenciesService } from '../../src/agencies/agencies.service';
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

  /** A registered agency; the body is what `POST /agencies` would take. */
  agency(overrides: Partial<CreateAgencyDto> = {}) {
    return this.app.get(AgenciesService).create({ ...agencyBody(), ...overrides }, null);
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

let agencies = 0;

/** A valid `POST /agencies` body with a fresh licence number. */
export function agencyBody(overrides: Partial<CreateAgencyDto> = {}): CreateAgencyDto {
  agencies++;
  const tag = randomBytes(3).toString('hex').toUpperCase();
  return {
    licenceNumber: `T-${tag}-${agencies}`,
    nameLo: `ບໍລິສັດ ທົດສອບ ${agencies} ຈຳກັດ`,
    nameEn: `Test Agency ${tag} Co., Ltd.`,
    licenceIssuedOn: '2024-01-15',
    licenceExpiresOn: '2029-01-14',
    province: 'LA-VT',
    district: 'Xaysetha',
    address: 'Ban Phonxay, Unit 12',
    phone: '+856 21 415 678',
    email: 'office@test-agency.la',
    destinationCountries: ['TH'],
    contactPerson: 'Khamla Vongsa',
    ...overrides,
  };
}
