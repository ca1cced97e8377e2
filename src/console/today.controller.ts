import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { LicenceStatus } from '../agencies/licence-status';
import { CasesService } from '../certification/cases.service';
import { FindingsService } from '../certification/findings.service';
import { Clock } from '../common/clock';
import { addDays } from '../common/lao-calendar';
import { Role } from '../common/role';
import { TrainingsService } from '../trainings/trainings.service';
import { ConsolePages } from './console-pages';
import { CurrentStaff, type Staff, StaffController } from './staff.decorators';

/** One line of the Today page: how many, and the filtered list that shows them. */
interface Work {
  key: string;
  count: number;
  href: string;
  tone: 'bad' | 'warn' | 'ok';
}

const ONE = { limit: 1, offset: 0 };

/** What needs this person's action now, each a link to a filtered list. */
@StaffController()
@Controller('staff')
export class TodayController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly clock: Clock,
    private readonly agencies: AgenciesService,
    private readonly cases: CasesService,
    private readonly trainings: TrainingsService,
    private readonly findings: FindingsService,
  ) {}

  @Get()
  async today(@CurrentStaff() staff: Staff, @Res() reply: FastifyReply) {
    const work = (await this.work(staff)).filter((item) => item.count > 0 || item.tone === 'ok');
    return this.pages.send(reply, 'today', staff, {
      title: this.pages.text(staff, 'console.nav.today'),
      section: 'today',
      work,
      nothing: work.every((item) => item.count === 0),
    });
  }

  private async work(staff: Staff): Promise<Work[]> {
    const today = this.clock.today();
    const is = (...roles: Role[]) =>
      staff.roles.includes(Role.Admin) || roles.some((r) => staff.roles.includes(r));
    const items: Work[] = [];
    if (is(Role.Ministry, Role.Iom)) {
      const soon = addDays(today, 60);
      const expiring = await this.agencies.count({
        licenceStatus: LicenceStatus.Active,
        expiresBefore: soon,
      });
      const lapsed = await this.agencies.count({ licenceStatus: LicenceStatus.Expired });
      items.push(
        {
          key: 'expiringLicences',
          count: expiring,
          tone: 'warn',
          href: `/staff/agencies?licenceStatus=active&expiresBefore=${soon}&sort=licenceExpiresOn`,
        },
        {
          key: 'lapsedLicences',
          count: lapsed,
          tone: 'bad',
          href: '/staff/agencies?licenceStatus=expired',
        },
      );
    }
    if (is(Role.Ministry, Role.Iom, Role.Auditor)) {
      // An auditor sees the cases assigned to them; staff see every case.
      const mine = staff.roles.includes(Role.Auditor) && !is(Role.Ministry, Role.Iom) ? staff.id : undefined;
      const scope = mine ? `&auditorId=${mine}` : '';
      const attention = await this.cases.list({ ...ONE, needsAttention: true, auditorId: mine });
      const surveillanceBy = addDays(today, 30);
      const surveillance = await this.cases.list({
        ...ONE,
        surveillanceDueBefore: surveillanceBy,
        auditorId: mine,
      });
      items.push(
        {
          key: 'casesNeedingAttention',
          count: attention.total,
          tone: 'bad',
          href: `/staff/cases?needsAttention=true${scope}`,
        },
        {
          key: 'overdueFindings',
          count: (await this.findings.listOverdue({ ...ONE, auditorId: mine })).total,
          tone: 'bad',
          href: `/staff/findings${mine ? `?auditorId=${mine}` : ''}`,
        },
        {
          key: 'surveillanceDue',
          count: surveillance.total,
          tone: 'warn',
          href: `/staff/cases?surveillanceDueBefore=${surveillanceBy}${scope}`,
        },
      );
    }
    if (is(Role.Iom, Role.Trainer)) {
      const mine = staff.roles.includes(Role.Trainer) && !is(Role.Iom) ? staff.id : undefined;
      const from = addDays(today, -1);
      const to = addDays(today, 7);
      const week = await this.trainings.list({ ...ONE, from, to, trainerId: mine });
      items.push({
        key: 'trainingsThisWeek',
        count: week.total,
        tone: 'ok',
        href: `/staff/trainings?from=${from}&to=${to}${mine ? `&trainerId=${mine}` : ''}`,
      });
    }
    return items;
  }
}
