import { Controller, Get, Ip, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { LoginDto } from '../auth/auth.dto';
import { type Language, pageLanguage } from '../common/i18n';
import { ConsolePages } from './console-pages';
import { formErrors, text, validateForm } from './forms';
import { Anonymous, FormFields, StaffController } from './staff.decorators';

/** Where to go after signing in: a console page, never another site. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/staff(\/|\?|$)/.test(next) && !next.startsWith('//') ? next : '/staff';

/** Why someone is at the sign-in page again, told to them there. */
const SIGN_IN_REASONS = ['expired', 'ended', 'signedOut'];

/** Signing in and out of the staff console. */
@StaffController()
@Controller('staff')
export class SessionController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly auth: AuthService,
  ) {}

  @Get('sign-in')
  @Anonymous()
  signInForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
    @Query('reason') reason?: string,
    @Query('lang') chosen?: string,
  ) {
    const lang = pageLanguage(chosen, request.headers['accept-language']);
    return this.page(reply, lang, {
      next: safeNext(next),
      reason: SIGN_IN_REASONS.includes(reason ?? '') ? reason : undefined,
    });
  }

  /** The API's sign-in, throttled the same way; the session is renewed so no earlier id survives. */
  @Post('sign-in')
  @Anonymous()
  async signIn(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @FormFields() body: Record<string, unknown>,
    @Ip() address: string,
  ) {
    const lang = pageLanguage(text(body.lang), request.headers['accept-language']);
    const next = safeNext(body.next);
    const email = text(body.email) ?? '';
    try {
      const dto = await validateForm(LoginDto, {
        email,
        password: typeof body.password === 'string' ? body.password : undefined,
      });
      const user = await this.auth.authenticate(dto, address);
      await request.session.regenerate();
      const now = Date.now();
      Object.assign(request.session, { userId: user.id, startedAt: now, lastSeenAt: now });
      return this.pages.redirect(reply, next);
    } catch (error) {
      const errors = formErrors(error, lang);
      if (!errors) throw error;
      return this.page(
        reply,
        lang,
        { next, email, errors },
        (error as { getStatus?: () => number }).getStatus?.() ?? 400,
      );
    }
  }

  @Post('sign-out')
  @Anonymous()
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await request.session.destroy();
    return reply.status(303).header('Location', '/staff/sign-in?reason=signedOut').send();
  }

  private page(reply: FastifyReply, lang: Language, data: Record<string, unknown>, status = 200) {
    const title = this.pages.text(lang, 'console.signIn.title');
    return this.pages.send(reply, 'sign-in', lang, { ...data, title }, status);
  }
}
