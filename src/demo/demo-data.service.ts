import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/config';
import { UsersService } from '../users/users.service';
import { DEMO_ACCOUNTS } from './demo-accounts';

/** Loads demo data at start-up when DEMO_DATA is on; idempotent, so restarts change nothing. */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('DEMO_DATA', { infer: true })) return;
    let created = 0;
    for (const { role, email, name, password } of DEMO_ACCOUNTS) {
      if (await this.users.createIfMissing({ email, name, password, roles: [role] })) created++;
    }
    this.logger.log(`Demo data: ${created} demo account(s) created`);
  }
}
