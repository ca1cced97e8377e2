import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestApp, TestApp } from '../utils/app';
import { type ConsoleBrowser, consoleBrowser, signInToConsole } from '../utils/console';
import { IDENTITIES, type Identity, isAllowed, MATRIX, type MatrixRoute } from './authorization-matrix';

const isConsole = (url: string) => url === '/staff' || url.startsWith('/staff/');

/** Runs `tasks` with at most `limit` at once. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** A cell's outcome in one word: the status, and where a console redirect goes when it is the sign-in. */
function outcome(res: Response): string {
  if (res.status === 303 && /^\/staff\/sign-in(\?|$)/.test(res.headers.location ?? '')) return 'sign-in';
  if (res.status === 403) return /html/.test(res.headers['content-type'] ?? '') ? '403 page' : '403';
  return String(res.status);
}

function expected(entry: MatrixRoute, identity: Identity): string {
  const url = entry.route.split(' ')[1];
  if (isAllowed(entry.allowed, identity)) return String(entry.statusFor?.[identity] ?? entry.status);
  if (isConsole(url)) return identity === 'anonymous' ? 'sign-in' : '403 page';
  return identity === 'anonymous' ? '401' : '403';
}

describe('the authorization matrix', () => {
  let t: TestApp;
  const routes: string[] = [];
  const ids: Record<string, string> = {};
  const users = {} as Record<Exclude<Identity, 'anonymous'>, UserResponseDto>;
  const tokens = {} as Record<Identity, string | null>;
  const browsers = {} as Record<Identity, ConsoleBrowser>;
  let trainerB: { token: string; browser: ConsoleBrowser };
  let auditorB: { token: string; browser: ConsoleBrowser };

  const signedIn = async (role: Role) => {
    const { token, user } = await t.fx.signIn([role]);
    return { token, user, browser: await signInToConsole(t.http, user.email) };
  };

  beforeAll(async () => {
    t = await createTestApp({
      env: { API_RATE_LIMIT_PER_MINUTE: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '0' },
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route) => {
            for (const method of [route.method].flat())
              if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
          }),
    });
    const roles = {
      admin: Role.Admin,
      ministry: Role.Ministry,
      iom: Role.Iom,
      trainer: Role.Trainer,
      auditor: Role.Auditor,
    };
    for (const [identity, role] of Object.entries(roles) as [Exclude<Identity, 'anonymous'>, Role][]) {
      const { token, user, browser } = await signedIn(role);
      users[identity] = user;
      tokens[identity] = token;
      browsers[identity] = browser;
    }
    tokens.anonymous = null;
    // An anonymous visitor who opened the sign-in form: its forms carry a valid CSRF token, so what
    // refuses them is the missing sign-in, not the token.
    browsers.anonymous = consoleBrowser(t.http);
    await browsers.anonymous.open('/staff/sign-in');
    trainerB = await signedIn(Role.Trainer);
    auditorB = await signedIn(Role.Auditor);

    // Trainer A's training, with one participant; auditor A's certified case, its audit and a finding.
    const { kase, training, participant, audit, finding } = await t.fx.guardedRecords(
      users.trainer,
      users.auditor,
      { marked: true, participantName: 'Matrix Participant' },
    );
    Object.assign(ids, {
      agency: kase.agency.id,
      training: training.id,
      participant: participant.id,
      day: t.today(),
      case: kase.id,
      audit: audit.id,
      finding: finding.id,
      certificate: kase.certificateNumber as string,
      user: (await t.fx.user({ roles: [Role.Ministry] })).id,
      upload: randomUUID(),
    });
  }, 120_000);
  afterAll(() => t.close());

  const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? `{${name}}`);

  /** Sends the route's request as `identity`: a bearer token on the API, the session and CSRF token on the console. */
  async function call(
    entry: MatrixRoute,
    identity: Identity,
    browser = browsers[identity],
  ): Promise<Response> {
    const [method, url] = entry.route.split(' ');
    const path = fill(entry.path ?? url);
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch';
    if (isConsole(url)) {
      const req = browser.agent[verb](path);
      return verb === 'get' ? req : req.type('form').send({ _csrf: browser.csrf });
    }
    const req = request(t.http)[verb](path);
    if (tokens[identity]) req.auth(tokens[identity], { type: 'bearer' });
    if (verb === 'get') return req;
    return url.startsWith('/api/') ? req.send({}) : req.type('form').send({});
  }

  it('names every route of the running app, and only those', () => {
    const declared = MATRIX.map((entry) => entry.route);
    expect(new Set(declared).size).toBe(declared.length);
    const missing = routes.filter((route) => !declared.includes(route));
    const gone = declared.filter((route) => !routes.includes(route));
    expect({ missing, gone }).toEqual({ missing: [], gone: [] });
  });

  it('answers every cell as declared: routes × identities', async () => {
    const cells = (last: boolean) =>
      MATRIX.filter((entry) => !!entry.last === last).flatMap((entry) =>
        IDENTITIES.map((identity) => ({ entry, identity })),
      );
    const check = async ({ entry, identity }: { entry: MatrixRoute; identity: Identity }) => {
      // A route that ends its session gets a session of its own.
      const browser =
        entry.last && identity !== 'anonymous'
          ? await signInToConsole(t.http, users[identity].email)
          : undefined;
      const res = await call(entry, identity, browser);
      return { route: entry.route, identity, expected: expected(entry, identity), actual: outcome(res) };
    };
    const results = [
      ...(await pool(
        cells(false).map((cell) => () => check(cell)),
        6,
      )),
      ...(await pool(
        cells(true).map((cell) => () => check(cell)),
        2,
      )),
    ];
    const wrong = results.filter((r) => r.expected !== r.actual);
    const allowed = results.filter((r) =>
      isAllowed(MATRIX.find((e) => e.route === r.route)!.allowed, r.identity),
    );
    process.stdout.write(
      `authorization matrix: ${MATRIX.length} routes × ${IDENTITIES.length} identities = ${results.length} cells ` +
        `(${allowed.length} allowed, ${results.length - allowed.length} refused), ${wrong.length} wrong\n`,
    );
    expect(wrong).toEqual([]);
  }, 300_000);

  describe('object-level cases: another trainer, another auditor', () => {
    /** Everything of trainer A's training and auditor A's case that a refused request could change. */
    const snapshot = async () => ({
      training: await t.db.query(`SELECT * FROM trainings WHERE id = $1`, [ids.training]),
      participants: await t.db.query(`SELECT * FROM participants WHERE training_id = $1 ORDER BY id`, [
        ids.training,
      ]),
      marks: await t.db.query(
        `SELECT m.* FROM attendance_marks m JOIN participants p ON p.id = m.participant_id
          WHERE p.training_id = $1 ORDER BY m.participant_id, m.day`,
        [ids.training],
      ),
      kase: await t.db.query(`SELECT * FROM certification_cases WHERE id = $1`, [ids.case]),
      moves: await t.db.query(`SELECT count(*) FROM certification_transitions WHERE case_id = $1`, [
        ids.case,
      ]),
      audits: await t.db.query(`SELECT * FROM audits WHERE case_id = $1 ORDER BY id`, [ids.case]),
      findings: await t.db.query(`SELECT * FROM findings WHERE audit_id = $1 ORDER BY id`, [ids.audit]),
      log: await t.db.query(`SELECT count(*) FROM audit_log`),
    });
    const versionOf = async (table: string, id: string) =>
      ((await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id])) as { version: number }[])[0]
        .version;

    /** Each request, as the identity that must not reach the object, and the outcome it must get. */
    async function refusals() {
      const T = `/trainings/${ids.training}`;
      const day = ids.day;
      const P = ids.participant;
      const training = await versionOf('trainings', ids.training);
      const kase = await versionOf('certification_cases', ids.case);
      const audit = await versionOf('audits', ids.audit);
      const finding = await versionOf('findings', ids.finding);
      const api = (token: string) => ({
        get: (path: string) => request(t.http).get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
        send: (method: 'post' | 'put' | 'patch', path: string, body: object | string, type = 'json') =>
          request(t.http)[method](`/api/v1${path}`).auth(token, { type: 'bearer' }).type(type).send(body),
      });
      const trainer = api(trainerB.token);
      const auditor = api(auditorB.token);
      const person = { fullName: 'Intruder Added', sex: 'female', position: 'Clerk', agencyId: ids.agency };
      const tb = trainerB.browser;
      const ab = auditorB.browser;
      const form = (browser: ConsoleBrowser, path: string, fields: Record<string, string>) =>
        browser.submit(path, fields);
      const calls: [string, () => Promise<Response>][] = [
        [
          'API trainer B: PATCH training',
          () => trainer.send('patch', T, { title: 'Taken over', version: training }),
        ],
        ['API trainer B: POST participant', () => trainer.send('post', `${T}/participants`, person)],
        ['API trainer B: GET participants', () => trainer.get(`${T}/participants`)],
        [
          'API trainer B: PUT attendance',
          () =>
            trainer.send('put', `${T}/attendance`, { marks: [{ participantId: P, day, status: 'absent' }] }),
        ],
        ['API trainer B: GET attendance', () => trainer.get(`${T}/attendance`)],
        ['API trainer B: GET sheet template', () => trainer.get(`${T}/attendance/template.csv`)],
        [
          'API trainer B: POST sheet import',
          () => trainer.send('post', `${T}/attendance/import`, `fullName,sex\nIntruder,female\n`, 'text/csv'),
        ],
        [
          'API trainer B: GET completion certificate',
          () => trainer.get(`${T}/participants/${P}/certificate.pdf`),
        ],
        [
          'API auditor B: POST transition',
          () =>
            auditor.send('post', `/certifications/${ids.case}/transitions`, {
              to: 'suspended',
              reason: 'Taken over',
              version: kase,
            }),
        ],
        [
          'API auditor B: POST audit',
          () =>
            auditor.send('post', `/certifications/${ids.case}/audits`, {
              type: 'surveillance',
              plannedOn: day,
            }),
        ],
        [
          'API auditor B: PATCH audit',
          () => auditor.send('patch', `/audits/${ids.audit}`, { summary: 'Taken over', version: audit }),
        ],
        [
          'API auditor B: POST finding',
          () =>
            auditor.send('post', `/audits/${ids.audit}/findings`, {
              criterion: 'A.1',
              severity: 'minor',
              description: 'Taken over',
            }),
        ],
        [
          'API auditor B: PATCH finding',
          () =>
            auditor.send('patch', `/findings/${ids.finding}`, {
              correctiveActionPlan: 'Taken over',
              version: finding,
            }),
        ],
        ['console trainer B: GET edit form', () => tb.agent.get(`/staff${T}/edit`)],
        [
          'console trainer B: POST training',
          () =>
            form(tb, `/staff${T}`, {
              title: 'Taken over',
              venue: 'Elsewhere',
              province: 'LA-VT',
              organiser: 'IOM',
              kind: 'iris_awareness',
              days: day,
              version: String(training),
            }),
        ],
        ['console trainer B: GET new participant', () => tb.agent.get(`/staff${T}/participants/new`)],
        ['console trainer B: POST participant', () => form(tb, `/staff${T}/participants`, person)],
        ['console trainer B: GET participant', () => tb.agent.get(`/staff${T}/participants/${P}/edit`)],
        ['console trainer B: POST participant edit', () => form(tb, `/staff${T}/participants/${P}`, person)],
        [
          'console trainer B: GET certificate',
          () => tb.agent.get(`/staff${T}/participants/${P}/certificate.pdf`),
        ],
        ['console trainer B: GET certificates', () => tb.agent.get(`/staff${T}/certificates.pdf`)],
        ['console trainer B: GET day', () => tb.agent.get(`/staff${T}/days/${day}`)],
        ['console trainer B: POST day', () => form(tb, `/staff${T}/days/${day}`, { [`s-${P}`]: 'absent' })],
        [
          'console trainer B: POST mark',
          () => form(tb, `/staff${T}/days/${day}/marks/${P}`, { [`s-${P}`]: 'absent' }),
        ],
        ['console trainer B: POST everyone', () => form(tb, `/staff${T}/days/${day}/everyone`, {})],
        ['console trainer B: POST walk-in', () => form(tb, `/staff${T}/days/${day}/walk-ins`, person)],
        ['console trainer B: GET sheet', () => tb.agent.get(`/staff${T}/sign-in-sheet.pdf`)],
        ['console trainer B: GET import', () => tb.agent.get(`/staff${T}/import`)],
        ['console trainer B: GET import template', () => tb.agent.get(`/staff${T}/import/template.csv`)],
        [
          'console IOM: POST mark (attendance is the trainers’)',
          () => form(browsers.iom, `/staff${T}/days/${day}/marks/${P}`, { [`s-${P}`]: 'absent' }),
        ],
        [
          'console IOM: POST day (attendance is the trainers’)',
          () => form(browsers.iom, `/staff${T}/days/${day}`, { [`s-${P}`]: 'absent' }),
        ],
        [
          'API ministry: POST transition (only to applied or closed)',
          () =>
            api(tokens.ministry as string).send('post', `/certifications/${ids.case}/transitions`, {
              to: 'suspended',
              reason: 'Not theirs to decide',
              version: kase,
            }),
        ],
        [
          'console IOM: POST move (only to applied or closed)',
          () =>
            form(browsers.iom, `/staff/cases/${ids.case}/moves`, {
              to: 'suspended',
              reason: 'Not theirs to decide',
              version: String(kase),
            }),
        ],
        [
          'console auditor B: POST move',
          () =>
            form(ab, `/staff/cases/${ids.case}/moves`, {
              to: 'suspended',
              reason: 'Taken over',
              version: String(kase),
            }),
        ],
        [
          'console auditor B: POST audit',
          () => form(ab, `/staff/cases/${ids.case}/audits`, { type: 'surveillance', plannedOn: day }),
        ],
        [
          'console auditor B: POST audit record',
          () => form(ab, `/staff/audits/${ids.audit}`, { summary: 'Taken over', version: String(audit) }),
        ],
        [
          'console auditor B: POST finding',
          () =>
            form(ab, `/staff/audits/${ids.audit}/findings`, {
              criterion: 'A.1',
              severity: 'minor',
              description: 'Taken over',
            }),
        ],
        [
          'console auditor B: POST finding plan',
          () =>
            form(ab, `/staff/findings/${ids.finding}`, {
              correctiveActionPlan: 'Taken over',
              version: String(finding),
            }),
        ],
      ];
      return calls;
    }

    it('refuses trainer B and auditor B on trainer A’s and auditor A’s objects, and staff beyond their moves (403), and changes nothing', async () => {
      const before = await snapshot();
      const calls = await refusals();
      const results = [];
      for (const [label, call] of calls) {
        const res = await call();
        const expectedOutcome = label.startsWith('API') ? '403' : '403 page';
        results.push({ label, outcome: outcome(res), expected: expectedOutcome });
      }
      expect(results.filter((r) => r.outcome !== r.expected)).toEqual([]);
      expect(await snapshot()).toEqual(before);
      process.stdout.write(`authorization matrix: ${calls.length} object-level refusals\n`);
    }, 120_000);
  });
});
