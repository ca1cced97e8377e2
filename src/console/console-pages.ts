import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Language } from '../common/i18n';
import { Role } from '../common/role';
import { ConsoleViews } from './console-views';
import type { Staff } from './staff';

/** The console's sections, and who sees each in the navigation (the pages check roles themselves). */
const NAVIGATION: { key: string; href: string; roles: Role[] | 'all' }[] = [
  { key: 'today', href: '/staff', roles: 'all' },
  { key: 'agencies', href: '/staff/agencies', roles: 'all' },
  { key: 'trainings', href: '/staff/trainings', roles: 'all' },
  { key: 'cases', href: '/staff/cases', roles: 'all' },
  { key: 'certificates', href: '/staff/certificates', roles: 'all' },
  { key: 'reports', href: '/staff/reports', roles: [Role.Ministry, Role.Iom] },
  { key: 'auditLog', href: '/staff/audit-log', roles: [Role.Ministry, Role.Iom] },
  { key: 'users', href: '/staff/users', roles: [Role.Admin] },
];

/** Renders console pages in the person's language, inside the layout with their navigation. */
@Injectable()
export class ConsolePages {
  constructor(readonly views: ConsoleViews) {}

  /**
   * Sends `page` with `data`. Pages are never cached (they show one person's work); the CSRF token for its
   * forms comes from the session. `section` marks the navigation's current item.
   */
  send(
    reply: FastifyReply,
    page: string,
    viewer: Staff | Language,
    data: Record<string, unknown> & { title: string; section?: string },
    status = 200,
  ): FastifyReply {
    // Signed in, the person's own language; before that (sign-in, errors), the browser's.
    const staff = typeof viewer === 'string' ? null : viewer;
    const lang: Language = typeof viewer === 'string' ? viewer : viewer.language;
    const html = this.views.render(page, lang, {
      ...data,
      staff,
      nav: staff ? this.navigation(staff, data.section) : [],
      csrf: reply.generateCsrf(),
      flash: this.takeFlash(reply),
      // Where the language switch returns to: this page, unless it answers a form post.
      back: reply.request.method === 'GET' ? reply.request.url : '/staff',
    });
    return reply
      .status(status)
      .header('Cache-Control', 'no-store')
      .header('Vary', 'Cookie')
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /**
   * A part of a page for htmx to swap in (a saved attendance row, a filtered list): the template alone,
   * without the layout, in the person's language, with the session's CSRF token for its forms.
   */
  fragment(reply: FastifyReply, page: string, staff: Staff, data: Record<string, unknown>, status = 200) {
    const html = this.views.fragment(page, staff.language, { ...data, staff, csrf: reply.generateCsrf() });
    return reply
      .status(status)
      .header('Cache-Control', 'no-store')
      .header('Vary', 'Cookie, HX-Request')
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /** After a form that changed something: see the result (303), with one notice on the next page. */
  redirect(reply: FastifyReply, to: string, flash?: string): FastifyReply {
    if (flash) reply.request.session.flash = flash;
    return reply.status(303).header('Location', to).header('Cache-Control', 'no-store').send();
  }

  text(viewer: Staff | Language, key: string, values?: Record<string, unknown>): string {
    return this.views.text(typeof viewer === 'string' ? viewer : viewer.language, key, values);
  }

  private navigation(staff: Staff, current?: string) {
    const isAdmin = staff.roles.includes(Role.Admin);
    return NAVIGATION.filter(
      (item) => item.roles === 'all' || isAdmin || item.roles.some((role) => staff.roles.includes(role)),
    ).map((item) => ({ ...item, current: item.key === current }));
  }

  private takeFlash(reply: FastifyReply): string | undefined {
    const session = reply.request.session;
    const flash = session?.flash;
    if (flash) session.flash = undefined;
    return flash;
  }
}
