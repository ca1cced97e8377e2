import { HttpStatus, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { ChangeFeed, type KeptCopy } from '../database/change-feed';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode, ValidationFailedException, ProblemException } from '../common/errors';
import { pageOf, toPage } from '../common/pagination';
import { containsPattern } from '../common/sql';
import type { AppConfig } from '../config/config';
import { hashPassword, verifyPassword } from './passwords';
import { Role } from '../common/role';
import { User } from './user.entity';
import {
  CreateUserDto,
  toUserResponse,
  UpdateUserDto,
  UserPageDto,
  UserQueryDto,
  UserResponseDto,
  UserSummaryPageDto,
} from './users.dto';
import { applyPatch, lockForChange } from '../common/versions';
import { fieldError } from '../common/validation';

/** The people ministry and IOM staff assign to trainings and cases. */
const isAssignableRole = (role?: Role): role is Role.Trainer | Role.Auditor =>
  role === Role.Trainer || role === Role.Auditor;

/** What the audit log keeps of a user: never the password or its hash. */
const auditView = ({ email, name, roles, active }: User) => ({ email, name, roles, active });

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  private readonly signedIn: KeptCopy<{ user: User | null }>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    changes: ChangeFeed,
    private readonly auditLog: AuditLogService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {
    this.signedIn = changes.keep({ max: 10_000, ttl: 60_000 });
  }

  async create(dto: CreateUserDto, actor: Actor | null): Promise<UserResponseDto> {
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction((em) => this.insert(em, { ...dto, passwordHash }, actor));
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserResponseDto> {
    const passwordHash = dto.password === undefined ? undefined : await hashPassword(dto.password);
    return this.dataSource.transaction(async (em) => {
      const user = await lockForChange(em, User, id, dto.version, 'user');
      const before = auditView(user);
      applyPatch(user, { name: dto.name, roles: dto.roles, active: dto.active, passwordHash });
      // A new password or a deactivation ends every session and token issued before it. Real time, not
      // the service's clock: token and session times are real time, and a trial's shifted day must not
      // end the session the change was made in.
      if (passwordHash || dto.active === false) user.credentialsChangedAt = new Date();
      await this.assertAnAdminRemains(em, user);
      const saved = await em.save(user);
      const after = { ...auditView(saved), ...(passwordHash ? { passwordChanged: true } : {}) };
      await this.auditLog.record(em, {
        actor,
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        before,
        after,
      });
      return toUserResponse(saved);
    });
  }

  /** Admins: every account in full. Ministry and IOM: the active trainers or auditors, ids and names only. */
  async list(query: UserQueryDto, actor: Actor): Promise<UserPageDto | UserSummaryPageDto> {
    if (actor.roles.includes(Role.Admin)) return this.listAccounts(query);
    if (!isAssignableRole(query.role) || query.active === false) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        ErrorCode.Forbidden,
        'Ministry and IOM staff may list only active trainers or auditors: send role=trainer or role=auditor.',
      );
    }
    const qb = this.users
      .createQueryBuilder('user')
      .select(['user.id', 'user.name'])
      .where(':role = ANY(user.roles)', { role: query.role })
      .andWhere('user.active')
      .orderBy('user.name')
      .addOrderBy('user.id');
    // Names only: whether an e-mail address has an account is not theirs to learn.
    if (query.q) qb.andWhere('user.name ILIKE :pattern', { pattern: containsPattern(query.q) });
    const { items, total } = await pageOf(qb, query);
    return toPage(
      items.map(({ id, name }) => ({ id, name })),
      total,
      query,
    );
  }

  private async listAccounts(query: UserQueryDto): Promise<UserPageDto> {
    const qb = this.users.createQueryBuilder('user').orderBy('user.name').addOrderBy('user.id');
    if (query.q) {
      qb.andWhere('(user.name ILIKE :pattern OR user.email ILIKE :pattern)', {
        pattern: containsPattern(query.q),
      });
    }
    if (query.role) qb.andWhere(':role = ANY(user.roles)', { role: query.role });
    if (query.active !== undefined) qb.andWhere('user.active = :active', { active: query.active });
    const { items: users, total } = await pageOf(qb, query);
    return toPage(users.map(toUserResponse), total, query);
  }

  async requireById(id: string): Promise<UserResponseDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundException(`No user with id ${id}`);
    return toUserResponse(user);
  }

  /** id → name, for other features that show who (auditors, trainers, who moved a case): one query. */
  async namesOf(
    ids: Iterable<string>,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await em.find(User, { where: { id: In(unique) }, select: { id: true, name: true } });
    return new Map(users.map((user) => [user.id, user.name]));
  }

  /** Every account's id and name, by name (deactivated ones too): to pick who did something in the log. */
  directory(): Promise<{ id: string; name: string }[]> {
    return this.users.find({ select: { id: true, name: true }, order: { name: 'ASC', id: 'ASC' } });
  }

  /**
   * The account behind a token or a session, read on every signed-in request. Kept in memory until any
   * change to users here or on another replica (ChangeFeed; nothing is kept while the feed is down), so
   * a deactivation, a role change or a password reset still takes effect at once.
   */
  async findForAuth(id: string): Promise<User | null> {
    return (await this.signedIn.read(id, async () => ({ user: await this.readForAuth(id) }))).user;
  }

  /** One primary-key read, only the fields the guards need. */
  private readForAuth(id: string): Promise<User | null> {
    return this.users.findOne({
      where: { id },
      select: {
        id: true,
        email: true,
        name: true,
        roles: true,
        active: true,
        language: true,
        credentialsChangedAt: true,
      },
    });
  }

  /**
   * A signed-in user changes their own password, giving the current one: their other sessions and tokens
   * end; the audit log records that it changed, never the password.
   */
  async changeOwnPassword(actor: Actor, current: string, next: string): Promise<void> {
    const passwordHash = await hashPassword(next);
    await this.dataSource.transaction(async (em) => {
      const user = await em.findOne(User, { where: { id: actor.id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundException(`No user with id ${actor.id}`);
      if (!(await verifyPassword(user.passwordHash, current))) {
        throw new ValidationFailedException([fieldError('currentPassword', 'wrongPassword')]);
      }
      user.passwordHash = passwordHash;
      user.credentialsChangedAt = new Date(); // real time, as above
      await em.save(user);
      await this.auditLog.record(em, {
        actor,
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
        after: { passwordChanged: true },
      });
    });
  }

  /** A signed-in user picks the console's language. */
  async setLanguage(actor: Actor, language: 'lo' | 'en'): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const user = await em.findOne(User, { where: { id: actor.id }, lock: { mode: 'pessimistic_write' } });
      if (!user || user.language === language) return;
      const before = { language: user.language };
      user.language = language;
      await em.save(user);
      await this.auditLog.record(em, {
        actor,
        action: 'user.language_changed',
        entityType: 'user',
        entityId: user.id,
        before,
        after: { language },
      });
    });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  /** Creates the user unless the e-mail is registered already (start-up accounts, demo data). */
  async createIfMissing(dto: CreateUserDto): Promise<boolean> {
    if (await this.findByEmail(dto.email)) return false;
    await this.create(dto, null);
    return true;
  }

  /** docs/roles.md: the first admin comes from ADMIN_EMAIL and ADMIN_PASSWORD when no admin exists yet. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('ADMIN_EMAIL', { infer: true });
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (!email || !password) return;
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (em) => {
      // Replicas start together: one of them creates the admin, the others wait and see it.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('users.initial-admin'))`);
      const adminExists = await em
        .createQueryBuilder(User, 'user')
        .where(`'admin' = ANY(user.roles)`)
        .getExists();
      if (adminExists) return;
      if (await em.existsBy(User, { email: email.toLowerCase() })) {
        this.logger.warn(`ADMIN_EMAIL ${email} belongs to a user who is not an admin; no admin was created`);
        return;
      }
      await this.insert(em, { email, name: 'Administrator', roles: [Role.Admin], passwordHash }, null);
      this.logger.log(`Created the first admin account, ${email}`);
    });
  }

  private async insert(
    em: EntityManager,
    fields: Omit<CreateUserDto, 'password'> & { passwordHash: string },
    actor: Actor | null,
  ): Promise<UserResponseDto> {
    const user = await em.save(
      em.create(User, { ...fields, email: fields.email.toLowerCase(), active: true }),
    );
    await this.auditLog.record(em, {
      actor,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: auditView(user),
    });
    return toUserResponse(user);
  }

  /** Nobody may remove the last active admin, or nobody could manage accounts any more. */
  private async assertAnAdminRemains(em: EntityManager, changed: User): Promise<void> {
    if (changed.active && changed.roles.includes(Role.Admin)) return;
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('users.admins'))`);
    const others = await em
      .createQueryBuilder(User, 'user')
      .where(`'admin' = ANY(user.roles)`)
      .andWhere('user.active')
      .andWhere('user.id <> :id', { id: changed.id })
      .getExists();
    if (!others) {
      throw new DomainError(
        ErrorCode.LastAdmin,
        'This is the last active admin: keep the admin role and the account active.',
      );
    }
  }
}
