import { Role } from '../../src/common/role';

/**
 * The authorization matrix: every route of the running app (HEAD routes mirror their GET and are left
 * out), who may pass its authorization, and the path the test calls it on. `authorization-matrix.e2e-spec.ts`
 * fails on a route missing from this table and on an entry the app no longer has, then checks every
 * cell through HTTP, as each identity below.
 *
 * `allowed`:
 * - `anyone`: public, no account needed (a console page marked anonymous, such as the sign-in form);
 * - `signed-in`: any signed-in staff member, whatever their role;
 * - a list of roles: those roles, and admin, who passes every role check. The matrix's trainer is the
 *   fixture training's trainer and its auditor the fixture case's auditor, so a route whose object rule
 *   names "the training's trainers" or "the case's auditors" lists `trainer` or `auditor` here; others'
 *   objects are the object-level cases of the spec file.
 *
 * `status`: what an allowed identity gets, past authorization, for the request the test sends (an empty
 * JSON body or an empty form with the session's CSRF token): 200, a redirect (303) or a refusal of the
 * empty input (400, 409, 415) all show that the request reached the handler. `statusFor` overrides it per
 * identity where the handler answers them differently (a page that shows more to some).
 *
 * A refused cell is, on the API, 401 for an anonymous caller and 403 (problem details) for a signed-in
 * one; on the console, a 303 to the sign-in form for an anonymous visitor (a GET, or a POST with a valid
 * CSRF token) and a 403 page for a signed-in person without the role.
 *
 * Path placeholders are filled with objects the spec's fixtures create: {agency}, {training},
 * {participant}, {day} (the training's day), {case}, {audit}, {finding}, {certificate} (a number),
 * {user} (a throwaway account), {upload} (a staged upload id nobody owns).
 */
export const IDENTITIES = ['anonymous', 'admin', 'ministry', 'iom', 'trainer', 'auditor'] as const;
export type Identity = (typeof IDENTITIES)[number];

export type Allowed = 'anyone' | 'signed-in' | readonly Role[];

export interface MatrixRoute {
  /** `METHOD /url` as the app's router registers it. */
  route: string;
  /** The path to call, with placeholders; the route's own URL when left out. */
  path?: string;
  allowed: Allowed;
  /** The status an allowed identity gets. */
  status: number | 'sign-in';
  statusFor?: Partial<Record<Identity, number>>;
  /** Called after every other cell, on a session of its own (it ends the session it is sent on). */
  last?: boolean;
}

const { Ministry, Iom, Trainer, Auditor, Admin } = Role;
const STAFF: readonly Role[] = [Ministry, Iom];

export const MATRIX: readonly MatrixRoute[] = [
  // Public pages, static files, health and the API documentation.
  { route: 'GET /', allowed: 'anyone', status: 200 },
  { route: 'GET /agencies/:id', path: '/agencies/{agency}', allowed: 'anyone', status: 200 },
  { route: 'GET /verify', allowed: 'anyone', status: 200 },
  { route: 'GET /verify/:number', path: '/verify/{certificate}', allowed: 'anyone', status: 200 },
  { route: 'POST /verify', allowed: 'anyone', status: 415 },
  { route: 'GET /assets/*', path: '/assets/site.css', allowed: 'anyone', status: 200 },
  { route: 'GET /assets/htmx/*', path: '/assets/htmx/htmx.min.js', allowed: 'anyone', status: 200 },
  {
    route: 'GET /fonts/*',
    path: '/fonts/noto-sans-lao-lao-400-normal.woff2',
    allowed: 'anyone',
    status: 200,
  },
  { route: 'GET /health', allowed: 'anyone', status: 200 },
  { route: 'GET /health/ready', allowed: 'anyone', status: 200 },
  { route: 'GET /docs', allowed: 'anyone', status: 200 },
  { route: 'GET /docs/', allowed: 'anyone', status: 200 },
  { route: 'GET /docs/index.html', allowed: 'anyone', status: 200 },
  { route: 'GET /docs/LICENSE', allowed: 'anyone', status: 404 },
  { route: 'GET /docs/*', path: '/docs/swagger-ui.css', allowed: 'anyone', status: 200 },
  { route: 'GET /docs/swagger-ui-init.js', allowed: 'anyone', status: 200 },
  { route: 'GET /docs/docs/swagger-ui-init.js', allowed: 'anyone', status: 200 },
  { route: 'GET /docs-json', allowed: 'anyone', status: 200 },
  { route: 'GET /docs-yaml', allowed: 'anyone', status: 200 },

  // The public API.
  { route: 'POST /api/v1/auth/login', allowed: 'anyone', status: 400 },
  { route: 'GET /api/v1/public/agencies', allowed: 'anyone', status: 200 },
  {
    route: 'GET /api/v1/public/agencies/:id',
    path: '/api/v1/public/agencies/{agency}',
    allowed: 'anyone',
    status: 200,
  },
  {
    route: 'GET /api/v1/public/certificates/:number',
    path: '/api/v1/public/certificates/{certificate}',
    allowed: 'anyone',
    status: 200,
  },
  { route: 'POST /api/v1/public/certificates/verify-pdf', allowed: 'anyone', status: 415 },
  { route: 'GET /api/v1/public/keys', allowed: 'anyone', status: 200 },

  // The API for signed-in users.
  { route: 'GET /api/v1/auth/me', allowed: 'signed-in', status: 200 },
  { route: 'POST /api/v1/users', allowed: [Admin], status: 400 },
  { route: 'GET /api/v1/users', path: '/api/v1/users?role=trainer', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/users/:id', path: '/api/v1/users/{user}', allowed: [Admin], status: 200 },
  { route: 'PATCH /api/v1/users/:id', path: '/api/v1/users/{user}', allowed: [Admin], status: 400 },
  { route: 'GET /api/v1/reference/provinces', allowed: 'signed-in', status: 200 },
  { route: 'GET /api/v1/reference/criteria', allowed: 'signed-in', status: 200 },
  { route: 'POST /api/v1/reference/criteria', allowed: [Admin], status: 400 },
  { route: 'POST /api/v1/agencies', allowed: [Ministry], status: 400 },
  { route: 'GET /api/v1/agencies', allowed: 'signed-in', status: 200 },
  { route: 'GET /api/v1/agencies/export.csv', allowed: 'signed-in', status: 200 },
  { route: 'GET /api/v1/agencies/import/template.csv', allowed: [Ministry], status: 200 },
  { route: 'GET /api/v1/agencies/import/template.xlsx', allowed: [Ministry], status: 200 },
  { route: 'POST /api/v1/agencies/import', allowed: [Ministry], status: 415 },
  { route: 'GET /api/v1/agencies/:id', path: '/api/v1/agencies/{agency}', allowed: 'signed-in', status: 200 },
  {
    route: 'PATCH /api/v1/agencies/:id',
    path: '/api/v1/agencies/{agency}',
    allowed: [Ministry],
    status: 400,
  },
  {
    route: 'POST /api/v1/agencies/:id/licence-status-changes',
    path: '/api/v1/agencies/{agency}/licence-status-changes',
    allowed: [Ministry],
    status: 400,
  },
  {
    route: 'GET /api/v1/agencies/:id/licence-status-changes',
    path: '/api/v1/agencies/{agency}/licence-status-changes',
    allowed: 'signed-in',
    status: 200,
  },
  { route: 'POST /api/v1/trainings', allowed: [Iom, Trainer], status: 400 },
  { route: 'GET /api/v1/trainings', allowed: 'signed-in', status: 200 },
  { route: 'GET /api/v1/trainings/overview', allowed: 'signed-in', status: 200 },
  {
    route: 'GET /api/v1/trainings/:id',
    path: '/api/v1/trainings/{training}',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'PATCH /api/v1/trainings/:id',
    path: '/api/v1/trainings/{training}',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'GET /api/v1/trainings/:id/summary',
    path: '/api/v1/trainings/{training}/summary',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'POST /api/v1/trainings/:id/participants',
    path: '/api/v1/trainings/{training}/participants',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'GET /api/v1/trainings/:id/participants',
    path: '/api/v1/trainings/{training}/participants',
    allowed: [Iom, Trainer, Ministry],
    status: 200,
  },
  {
    route: 'PUT /api/v1/trainings/:id/attendance',
    path: '/api/v1/trainings/{training}/attendance',
    allowed: [Trainer],
    status: 400,
  },
  {
    route: 'GET /api/v1/trainings/:id/attendance',
    path: '/api/v1/trainings/{training}/attendance',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'GET /api/v1/trainings/:id/attendance/template.csv',
    path: '/api/v1/trainings/{training}/attendance/template.csv',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'POST /api/v1/trainings/:id/attendance/import',
    path: '/api/v1/trainings/{training}/attendance/import',
    allowed: [Trainer],
    status: 415,
  },
  {
    route: 'GET /api/v1/trainings/:id/participants/:pid/certificate.pdf',
    path: '/api/v1/trainings/{training}/participants/{participant}/certificate.pdf',
    allowed: [Iom, Trainer],
    status: 200,
  },
  { route: 'GET /api/v1/certificates', allowed: 'signed-in', status: 200 },
  {
    route: 'GET /api/v1/certificates/:number',
    path: '/api/v1/certificates/{certificate}',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'GET /api/v1/certificates/:number/pdf',
    path: '/api/v1/certificates/{certificate}/pdf',
    allowed: 'signed-in',
    status: 200,
  },
  { route: 'POST /api/v1/certifications', allowed: STAFF, status: 400 },
  { route: 'GET /api/v1/certifications', allowed: 'signed-in', status: 200 },
  {
    route: 'GET /api/v1/certifications/:id',
    path: '/api/v1/certifications/{case}',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'PATCH /api/v1/certifications/:id',
    path: '/api/v1/certifications/{case}',
    allowed: STAFF,
    status: 400,
  },
  {
    route: 'POST /api/v1/certifications/:id/transitions',
    path: '/api/v1/certifications/{case}/transitions',
    allowed: [Auditor, Ministry, Iom],
    status: 400,
  },
  {
    route: 'GET /api/v1/certifications/:id/moves',
    path: '/api/v1/certifications/{case}/moves',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'POST /api/v1/certifications/:id/audits',
    path: '/api/v1/certifications/{case}/audits',
    allowed: [Auditor],
    status: 400,
  },
  {
    route: 'GET /api/v1/certifications/:id/audits',
    path: '/api/v1/certifications/{case}/audits',
    allowed: 'signed-in',
    status: 200,
  },
  { route: 'GET /api/v1/audits/:id', path: '/api/v1/audits/{audit}', allowed: 'signed-in', status: 200 },
  { route: 'PATCH /api/v1/audits/:id', path: '/api/v1/audits/{audit}', allowed: [Auditor], status: 400 },
  {
    route: 'POST /api/v1/audits/:id/findings',
    path: '/api/v1/audits/{audit}/findings',
    allowed: [Auditor],
    status: 400,
  },
  {
    route: 'GET /api/v1/findings/:id',
    path: '/api/v1/findings/{finding}',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'PATCH /api/v1/findings/:id',
    path: '/api/v1/findings/{finding}',
    allowed: [Auditor],
    status: 400,
  },
  { route: 'GET /api/v1/reports/overview', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/reports/overview.csv', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/reports/certificates.csv', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/reports/findings.csv', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/reports/participation.csv', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/reports/progress.pdf', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/audit-log', allowed: STAFF, status: 200 },
  { route: 'GET /api/v1/jobs', allowed: [Admin], status: 200 },
  { route: 'GET /api/v1/jobs/runs', allowed: [Admin], status: 200 },
  {
    route: 'POST /api/v1/jobs/:name/runs',
    path: '/api/v1/jobs/licence-expiry/runs',
    allowed: [Admin],
    status: 201,
  },

  // The staff console: session and account.
  { route: 'GET /staff/sign-in', allowed: 'anyone', status: 200 },
  { route: 'POST /staff/sign-in', allowed: 'anyone', status: 400 },
  { route: 'POST /staff/sign-out', allowed: 'anyone', status: 'sign-in', last: true },
  { route: 'GET /staff', allowed: 'signed-in', status: 200 },
  { route: 'GET /staff/*', path: '/staff/no-such-page', allowed: 'signed-in', status: 404 },
  { route: 'POST /staff/*', path: '/staff/no-such-form', allowed: 'signed-in', status: 404 },
  { route: 'GET /staff/account', allowed: 'signed-in', status: 200 },
  { route: 'POST /staff/account/password', allowed: 'signed-in', status: 400 },
  { route: 'POST /staff/account/language', allowed: 'signed-in', status: 303 },

  // Console: agencies.
  { route: 'GET /staff/agencies', allowed: 'signed-in', status: 200 },
  { route: 'GET /staff/agencies/export.csv', allowed: 'signed-in', status: 200 },
  { route: 'GET /staff/agencies/:id', path: '/staff/agencies/{agency}', allowed: 'signed-in', status: 200 },
  { route: 'GET /staff/agencies/new', allowed: [Ministry], status: 200 },
  { route: 'POST /staff/agencies', allowed: [Ministry], status: 400 },
  {
    route: 'GET /staff/agencies/:id/edit',
    path: '/staff/agencies/{agency}/edit',
    allowed: [Ministry],
    status: 200,
  },
  { route: 'POST /staff/agencies/:id', path: '/staff/agencies/{agency}', allowed: [Ministry], status: 400 },
  {
    route: 'POST /staff/agencies/:id/licence',
    path: '/staff/agencies/{agency}/licence',
    allowed: [Ministry],
    status: 400,
  },
  { route: 'GET /staff/agencies/import', allowed: [Ministry], status: 200 },
  { route: 'GET /staff/agencies/import/template.csv', allowed: [Ministry], status: 200 },
  { route: 'GET /staff/agencies/import/template.xlsx', allowed: [Ministry], status: 200 },
  { route: 'POST /staff/agencies/import', allowed: [Ministry], status: 400 },
  {
    route: 'GET /staff/agencies/import/:upload',
    path: '/staff/agencies/import/{upload}',
    allowed: [Ministry],
    status: 400,
  },
  {
    route: 'POST /staff/agencies/import/:upload',
    path: '/staff/agencies/import/{upload}',
    allowed: [Ministry],
    status: 409,
  },

  // Console: user accounts.
  { route: 'GET /staff/users', allowed: [Admin], status: 200 },
  { route: 'GET /staff/users/new', allowed: [Admin], status: 200 },
  { route: 'POST /staff/users', allowed: [Admin], status: 400 },
  { route: 'GET /staff/users/:id', path: '/staff/users/{user}', allowed: [Admin], status: 200 },
  { route: 'POST /staff/users/:id', path: '/staff/users/{user}', allowed: [Admin], status: 400 },
  {
    route: 'POST /staff/users/:id/active',
    path: '/staff/users/{user}/active',
    allowed: [Admin],
    status: 400,
  },
  {
    route: 'POST /staff/users/:id/password',
    path: '/staff/users/{user}/password',
    allowed: [Admin],
    status: 400,
  },

  // Console: reports and the audit log.
  { route: 'GET /staff/reports', allowed: STAFF, status: 200 },
  { route: 'GET /staff/reports/progress.pdf', allowed: STAFF, status: 200 },
  { route: 'GET /staff/reports/:file', path: '/staff/reports/overview.csv', allowed: STAFF, status: 200 },
  { route: 'GET /staff/audit-log', allowed: STAFF, status: 200 },

  // Console: trainings, participants, attendance and sign-in sheets. IOM passes the attendance pages'
  // role check (it reads a day, previews a sheet), and an empty form saves nothing; the service refuses
  // its marks and imports with 403 (the spec's object-level cases).
  { route: 'GET /staff/trainings', allowed: 'signed-in', status: 200 },
  { route: 'GET /staff/trainings/new', allowed: [Iom, Trainer], status: 200 },
  { route: 'POST /staff/trainings', allowed: [Iom, Trainer], status: 400 },
  {
    route: 'GET /staff/trainings/:id',
    path: '/staff/trainings/{training}',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'GET /staff/trainings/:id/edit',
    path: '/staff/trainings/{training}/edit',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'POST /staff/trainings/:id',
    path: '/staff/trainings/{training}',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'GET /staff/trainings/:id/participants/new',
    path: '/staff/trainings/{training}/participants/new',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'POST /staff/trainings/:id/participants',
    path: '/staff/trainings/{training}/participants',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'GET /staff/trainings/:id/participants/:pid/edit',
    path: '/staff/trainings/{training}/participants/{participant}/edit',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'POST /staff/trainings/:id/participants/:pid',
    path: '/staff/trainings/{training}/participants/{participant}',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'GET /staff/trainings/:id/participants/:pid/certificate.pdf',
    path: '/staff/trainings/{training}/participants/{participant}/certificate.pdf',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'GET /staff/trainings/:id/certificates.pdf',
    path: '/staff/trainings/{training}/certificates.pdf',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'GET /staff/trainings/:id/days/:day',
    path: '/staff/trainings/{training}/days/{day}',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'POST /staff/trainings/:id/days/:day',
    path: '/staff/trainings/{training}/days/{day}',
    allowed: [Iom, Trainer],
    status: 303,
  },
  {
    route: 'POST /staff/trainings/:id/days/:day/marks/:pid',
    path: '/staff/trainings/{training}/days/{day}/marks/{participant}',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'POST /staff/trainings/:id/days/:day/everyone',
    path: '/staff/trainings/{training}/days/{day}/everyone',
    allowed: [Iom, Trainer],
    status: 303,
  },
  {
    route: 'POST /staff/trainings/:id/days/:day/walk-ins',
    path: '/staff/trainings/{training}/days/{day}/walk-ins',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'GET /staff/trainings/:id/sign-in-sheet.pdf',
    path: '/staff/trainings/{training}/sign-in-sheet.pdf',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'GET /staff/trainings/:id/import',
    path: '/staff/trainings/{training}/import',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'GET /staff/trainings/:id/import/template.csv',
    path: '/staff/trainings/{training}/import/template.csv',
    allowed: [Iom, Trainer],
    status: 200,
  },
  {
    route: 'POST /staff/trainings/:id/import',
    path: '/staff/trainings/{training}/import',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'GET /staff/trainings/:id/import/:upload',
    path: '/staff/trainings/{training}/import/{upload}',
    allowed: [Iom, Trainer],
    status: 400,
  },
  {
    route: 'POST /staff/trainings/:id/import/:upload',
    path: '/staff/trainings/{training}/import/{upload}',
    allowed: [Iom, Trainer],
    status: 303,
  },

  // Console: certification cases, audits, findings and certificates.
  { route: 'GET /staff/cases', allowed: 'signed-in', status: 200 },
  { route: 'GET /staff/cases/new', allowed: STAFF, status: 200 },
  { route: 'POST /staff/cases', allowed: STAFF, status: 400 },
  { route: 'GET /staff/cases/:id', path: '/staff/cases/{case}', allowed: 'signed-in', status: 200 },
  {
    route: 'POST /staff/cases/:id/moves',
    path: '/staff/cases/{case}/moves',
    allowed: [Auditor, Ministry, Iom],
    status: 400,
  },
  {
    route: 'POST /staff/cases/:id/audits',
    path: '/staff/cases/{case}/audits',
    allowed: [Auditor],
    status: 400,
  },
  { route: 'GET /staff/audits/:id', path: '/staff/audits/{audit}', allowed: 'signed-in', status: 200 },
  { route: 'POST /staff/audits/:id', path: '/staff/audits/{audit}', allowed: [Auditor], status: 400 },
  {
    route: 'POST /staff/audits/:id/findings',
    path: '/staff/audits/{audit}/findings',
    allowed: [Auditor],
    status: 400,
  },
  { route: 'GET /staff/findings', allowed: 'signed-in', status: 200 },
  { route: 'GET /staff/findings/:id', path: '/staff/findings/{finding}', allowed: 'signed-in', status: 200 },
  { route: 'POST /staff/findings/:id', path: '/staff/findings/{finding}', allowed: [Auditor], status: 400 },
  { route: 'GET /staff/certificates', allowed: 'signed-in', status: 200 },
  {
    route: 'GET /staff/certificates/:number',
    path: '/staff/certificates/{certificate}',
    allowed: 'signed-in',
    status: 200,
  },
  {
    route: 'GET /staff/certificates/:number/pdf',
    path: '/staff/certificates/{certificate}/pdf',
    allowed: 'signed-in',
    status: 200,
  },
];

/** Whether `identity` may pass the route's authorization (admin passes every role check). */
export function isAllowed(allowed: Allowed, identity: Identity): boolean {
  if (allowed === 'anyone') return true;
  if (identity === 'anonymous') return false;
  if (allowed === 'signed-in' || identity === 'admin') return true;
  return allowed.includes(identity as Role);
}
