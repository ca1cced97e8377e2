import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AgenciesService } from '../agencies/agencies.service';
import type { AppConfig } from '../config/config';
import { UsersService } from '../users/users.service';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DEMO_AGENCIES, DEMO_STATUS_CHANGES } from './demo-agencies';

/** Loads demo data at start-up when DEMO_DATA is on, through the real services; idempotent on restart. */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    private readonly users: UsersService,
    private readonly agencies: AgenciesService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('DEMO_DATA', { infer: true })) return;
    let accounts = 0;
    for (const { role, email, name, password } of DEMO_ACCOUNTS) {
      if (await this.users.createIfMissing({ email, name, password, roles: [role] })) accounts++;
    }
    const agencies = await this.loadAgencies();
    this.logger.log(`Demo data: ${accounts} account(s) and ${agencies} agencies created`);
  }

  private async loadAgencies(): Promise<number> {
    let created = 0;
    for (const dto of DEMO_AGENCIES) {
      if (await this.agencies.existsByLicenceNumber(dto.licenceNumber)) continue;
      const agency = await this.agencies.create(dto, null);
      const change = DEMO_STATUS_CHANGES[dto.licenceNumber];
      if (change)
        await this.agencies.changeLicenceStatus(agency.id, { ...change, version: agency.version }, null);
      created++;
    }
    return created;
  }
}
