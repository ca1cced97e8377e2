import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, statusForDomainError } from '../common/errors';
import { Role } from '../common/role';
import { UuidParam } from '../common/validation';
import { ConsolePages } from './console-pages';
import { type FormErrors, formErrors, integer, list, text, validateForm } from './forms';
import { optionsOf, pageOf, pagerOf } from './listing';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';
import { CreateUserDto, UpdateUserDto, UserPageDto, UserQueryDto, UserResponseDto } from '../users/users.dto';
import { UsersService } from '../users/users.service';

const ROLES = Object.values(Role);

type Fields = Record<string, unknown>;

/** The forms of one user's page; after a refusal, the one refused shows its errors and what was typed. */
type UserForm = 'details' | 'active' | 'password';

/** Admins manage accounts (docs/console-admin.md): the same UsersService calls as `/users`. */
@StaffController()
@StaffRoles(Role.Admin)
@Controller('staff/users')
export class ConsoleUsersController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly users: UsersService,
  ) {}

  @Get()
  async listUsers(@CurrentStaff() staff: Staff, @Query() query: Fields, @Res() reply: FastifyReply) {
    const role = ROLES.find((r) => r === text(query.role));
    const active = flag(query.active);
    const page = pageOf(query);
    const found = (await this.users.list({ ...page, role, active } as UserQueryDto, staff)) as UserPageDto;
    return this.pages.send(reply, 'users-list', staff, {
      title: this.pages.text(staff, 'console.users.title'),
      section: 'users',
      users: found.items.map((user) => ({ ...user, roleNames: this.roleNames(staff, user.roles) })),
      roleOptions: optionsOf(ROLES, (r) => this.roleName(staff, r), role),
      activeOptions: optionsOf(
        ['true', 'false'],
        (a) => this.pages.text(staff, `console.users.active.${a}`),
        text(query.active),
      ),
      pager: pagerOf('/staff/users', query, found.total, page),
    });
  }

  @Get('new')
  newUser(@CurrentStaff() staff: Staff, @Res() reply: FastifyReply) {
    return this.newPage(reply, staff, {});
  }

  @Post()
  async createUser(@CurrentStaff() staff: Staff, @FormFields() body: Fields, @Res() reply: FastifyReply) {
    const form = { name: text(body.name), email: text(body.email), roles: list(body.roles) };
    try {
      const dto = await validateForm(CreateUserDto, { ...form, password: rawText(body.password) });
      const user = await this.users.create(dto, staff);
      const flash = this.pages.text(staff, 'console.users.created', { name: user.name });
      return this.pages.redirect(reply, `/staff/users/${user.id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.newPage(reply, staff, { form, errors }, statusOf(errors));
    }
  }

  @Get(':id')
  async getUser(@CurrentStaff() staff: Staff, @UuidParam() id: string, @Res() reply: FastifyReply) {
    return this.userPage(reply, staff, await this.users.requireById(id));
  }

  /** Name and roles. */
  @Post(':id')
  updateUser(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Fields,
    @Res() reply: FastifyReply,
  ) {
    const typed = { name: text(body.name), roles: list(body.roles) };
    return this.change(reply, staff, id, 'details', { ...typed, version: integer(body.version) }, typed);
  }

  /** Deactivate (their sessions and tokens end) or reactivate. */
  @Post(':id/active')
  setUserActive(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Fields,
    @Res() reply: FastifyReply,
  ) {
    const active = flag(body.active);
    return this.change(reply, staff, id, 'active', { active, version: integer(body.version) });
  }

  /** A new password set by an admin (their sessions and tokens end). */
  @Post(':id/password')
  setUserPassword(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Fields,
    @Res() reply: FastifyReply,
  ) {
    const change = { password: rawText(body.password), version: integer(body.version) };
    return this.change(reply, staff, id, 'password', change);
  }

  /**
   * One change through UsersService.update, as `PATCH /users/:id`; refused, the page again with the errors
   * by the form that was sent, and the record as it is now (a stale version shows the other change).
   */
  private async change(
    reply: FastifyReply,
    staff: Staff,
    id: string,
    form: UserForm,
    fields: Fields,
    typed: Fields = {},
  ) {
    try {
      const dto = await validateForm(UpdateUserDto, fields);
      const user = await this.users.update(id, dto, staff);
      const flash = this.pages.text(staff, `console.users.saved.${form}`, {
        name: user.name,
        state: this.pages.text(staff, `console.users.active.${user.active}`),
      });
      return this.pages.redirect(reply, `/staff/users/${id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      const user = await this.users.requireById(id);
      // A stale version shows the other person's change; other refusals keep what was typed.
      const stale = errors.code === ErrorCode.StaleVersion;
      return this.userPage(reply, staff, user, { form, errors, typed: stale ? {} : typed }, statusOf(errors));
    }
  }

  private userPage(
    reply: FastifyReply,
    staff: Staff,
    user: UserResponseDto,
    refused?: { form: UserForm; errors: FormErrors; typed: Fields },
    status = 200,
  ) {
    const typed = refused?.typed ?? {};
    const errorsOf = (form: UserForm) => (refused?.form === form ? refused.errors : undefined);
    return this.pages.send(
      reply,
      'users-edit',
      staff,
      {
        title: user.name,
        section: 'users',
        user,
        name: typed.name ?? user.name,
        roleNames: this.roleNames(staff, user.roles),
        roleOptions: optionsOf(
          ROLES,
          (r) => this.roleName(staff, r),
          (typed.roles as string[]) ?? user.roles,
        ),
        detailsErrors: errorsOf('details'),
        activeErrors: errorsOf('active'),
        passwordErrors: errorsOf('password'),
      },
      status,
    );
  }

  private newPage(
    reply: FastifyReply,
    staff: Staff,
    data: { form?: { name?: string; email?: string; roles: string[] }; errors?: FormErrors },
    status = 200,
  ) {
    return this.pages.send(
      reply,
      'users-new',
      staff,
      {
        ...data,
        title: this.pages.text(staff, 'console.users.new'),
        section: 'users',
        roleOptions: optionsOf(ROLES, (r) => this.roleName(staff, r), data.form?.roles),
      },
      status,
    );
  }

  private roleName(staff: Staff, role: Role): string {
    return this.pages.text(staff, `console.role.${role}`);
  }

  private roleNames(staff: Staff, roles: Role[]): string {
    return roles.map((role) => this.roleName(staff, role)).join(', ');
  }
}

/** `true` or `false` from a form field or the address; undefined for anything else. */
function flag(value: unknown): boolean | undefined {
  const raw = text(value);
  return raw === 'true' ? true : raw === 'false' ? false : undefined;
}

/** A password as typed: spaces are part of it, so never trimmed (an empty one is refused by the DTO). */
function rawText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A refused form answers with the status its API twin would: 400 for the fields, 409 for a conflict. */
function statusOf(errors: FormErrors): number {
  return errors.code ? statusForDomainError(errors.code as ErrorCode) : 400;
}
