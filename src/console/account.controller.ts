import { Controller, Get, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConsolePages } from './console-pages';
import { formErrors, text } from './forms';
import { ChangeOwnPasswordForm } from './account.form';
import { validateForm } from './forms';
import { CurrentStaff, FormFields, type Staff, StaffController } from './staff.decorators';
import { UsersService } from '../users/users.service';

/** A person's own account: their password and the console's language. */
@StaffController()
@Controller('staff/account')
export class AccountController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly users: UsersService,
  ) {}

  @Get()
  account(@CurrentStaff() staff: Staff, @Res() reply: FastifyReply) {
    return this.page(reply, staff, {});
  }

  @Post('password')
  async changePassword(
    @CurrentStaff() staff: Staff,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    try {
      const form = await validateForm(ChangeOwnPasswordForm, {
        currentPassword: typeof body.currentPassword === 'string' ? body.currentPassword : undefined,
        newPassword: typeof body.newPassword === 'string' ? body.newPassword : undefined,
      });
      await this.users.changeOwnPassword(staff, form.currentPassword, form.newPassword);
      // This session began before the change: begin a new one, so only this browser stays signed in.
      // (regenerate() replaces request.session: assign to the new one.)
      await reply.request.session.regenerate();
      const now = Date.now();
      Object.assign(reply.request.session, { userId: staff.id, startedAt: now, lastSeenAt: now });
      return this.pages.redirect(
        reply,
        '/staff/account',
        this.pages.text(staff, 'console.account.passwordChanged'),
      );
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.page(reply, staff, { passwordErrors: errors }, 400);
    }
  }

  @Post('language')
  async setLanguage(
    @CurrentStaff() staff: Staff,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const language = text(body.language) === 'en' ? 'en' : 'lo';
    await this.users.setLanguage(staff, language);
    const back = text(body.back);
    return this.pages.redirect(reply, back && /^\/staff(\/|\?|$)/.test(back) ? back : '/staff/account');
  }

  private page(reply: FastifyReply, staff: Staff, data: Record<string, unknown>, status = 200) {
    return this.pages.send(
      reply,
      'account',
      staff,
      { ...data, title: this.pages.text(staff, 'console.account.title') },
      status,
    );
  }
}
