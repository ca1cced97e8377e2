import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Role } from '../../src/common/role';
import { AGENCY_CSV_COLUMNS, AGENCY_CSV_EXAMPLE } from '../../src/agencies/agency-csv';
import { toCsv } from '../../src/common/csv';
import type { Staff } from '../../src/console/staff';
import { StagedUploads } from '../../src/console/staged-uploads';
import { SignInSheetService } from '../../src/trainings/sign-in-sheet.service';
import { createTestApp, type TestApp } from '../utils/app';
import { PASSWORD } from '../utils/fixtures';

/**
 * Property-based fuzzing of the staff console (/staff), which /docs-json does not describe. Its routes
 * come from the running app; each form's fields and the values its page offers come from the console's
 * own pages, opened as an admin. Hostile requests (huge, broken and lone-surrogate text, arrays where one
 * value is expected, repeated and unknown fields, absurd ids, dates and numbers, the wrong content
 * type) must get a page or a redirect within the console, never a 5xx and never JSON; a form without
 * its CSRF token is refused with a 403 page and changes nothing. The seed is fixed (FUZZ_SEED overrides
 * it) and the runs bounded (FUZZ_RUNS), so a failure reproduces; fast-check prints the smallest request
 * that failed.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
/** Runs per route for the hostile requests; the CSRF refusals take a third of it. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

type Method = 'GET' | 'POST';
interface Route {
  method: Method;
  /** As the router registers it: `/staff/trainings/:id/days/:day`. */
  url: string;
}
/** A field's value: text, or bytes written as they are into an urlencoded body (broken encodings). */
type Value = string | { raw: string };
interface Req {
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}
interface Answer {
  status: number;
  type: string;
  location: string;
  body: string;
  headers: Record<string, unknown>;
}
/** What the console's pages show of a route's forms: the fields' names and the values offered. */
interface FormShape {
  /** A page shows a form (or an htmx control) that posts to the route. */
  seen: boolean;
  names: Set<string>;
  values: Set<string>;
}

/**
 * What a path parameter stands for, by the segment before it (`/trainings/:id` is a training): the
 * fixture that fills it. A route with a parameter not named here fails the first test.
 */
const PARAMETERS: Record<string, string> = {
  agencies: 'agency',
  trainings: 'training',
  participants: 'participant',
  marks: 'participant',
  days: 'day',
  cases: 'case',
  audits: 'audit',
  findings: 'finding',
  users: 'user',
  certificates: 'certificate',
  import: 'upload',
  reports: 'file',
};

/** Path segments and query values no page links to. */
const HOSTILE_SEGMENTS: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '9'.repeat(400),
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '2023-02-30',
    '9999-12-31',
    '0000-01-01',
    '%00',
    '%ED%A0%80',
    '%E0%A4%A',
    '..%2F..%2Fetc%2Fpasswd',
    "'%20OR%201=1%20--",
    'x'.repeat(3000),
    'IRIS-LA-0000-0000',
    'overview.csv.exe',
  ),
  fc.integer().map(String),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);

/** Field values no form offers: too long, broken, out of range, impossible dates, injections. */
const HOSTILE_VALUES: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom<Value>(
    '',
    ' ',
    'x'.repeat(200_000),
    'ລາວ'.repeat(20_000),
    '\ud800',
    'a\udfffb',
    '\u0000',
    'a\u0000b',
    '\u202e\ufeff',
    { raw: '%ED%A0%80' },
    { raw: '%FF%FE' },
    { raw: '%E0%A4%A' },
    { raw: '%' },
    { raw: '%zz' },
    { raw: '%C0%AF' },
    '2023-02-30',
    '2023-13-01',
    '0000-01-01',
    '9999-12-31',
    '275760-09-13',
    '-000001-01-01',
    '2024-02-29T25:61:00Z',
    '-1',
    '0',
    '1e309',
    'NaN',
    'Infinity',
    '2147483648',
    '9007199254740993',
    '-9223372036854775809',
    '0.5',
    '0x10',
    'true',
    'false',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '00000000-0000-0000-0000-000000000000',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '{{constructor.constructor}}',
    "=cmd|' /c calc'!A1",
    '//evil.example/',
    'https://evil.example/staff',
    '/staff/../api/v1/users',
    '{"to":"certified"}',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
  fc.integer().map(String),
);

/** Values of the right shape but not the right kind: impossible dates, random ids, numbers past any limit. */
const NEAR_VALID: fc.Arbitrary<Value> = fc.oneof(
  {
    // YYYY-MM-DD, mostly a day that does not exist (2023-02-30, 2024-13-00).
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.nat({ max: 9999 })),
        fc.nat({ max: 19 }),
        fc.nat({ max: 39 }),
      )
      .map(([y, m, d]) => [
        String(y).padStart(4, '0'),
        String(m).padStart(2, '0'),
        String(d).padStart(2, '0'),
      ])
      .map((parts) => parts.join('-')),
  },
  { weight: 1, arbitrary: fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
);

/** Bodies of the wrong type for a form: JSON of any shape, bare values, broken text. */
const HOSTILE_JSON = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('null', '0', '"x"', '[]', '[null]', '{', '{"a":}', '"\\ud800"'),
);

const DOWNLOADS = /^(text\/csv|application\/pdf|application\/vnd\.openxmlformats)/;

/** `raw` percent-encoded as WTF-8: a lone surrogate becomes the three bytes a lenient encoder writes. */
function encode(value: Value): string {
  if (typeof value !== 'string') return value.raw;
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}
const plain = (value: Value) => (typeof value === 'string' ? value : value.raw);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** An attribute's text as the browser reads it (Handlebars escapes `&<>"'=` and the backtick). */
function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) =>
    name[0] === '#'
      ? String.fromCodePoint(
          name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
        )
      : (ENTITIES[name] ?? entity),
  );
}

/**
 * The forms of a console page: where each goes, how, and its fields' names and offered values; an htmx
 * control that posts (hx-post) counts as a form of the fields it sends (hx-params), offered the page's values.
 */
function formsOf(html: string) {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, tag, inner]) => ({
    method: (/\bmethod="([^"]*)"/.exec(tag)?.[1] ?? 'get').toUpperCase(),
    action: unescapeHtml(/\baction="([^"]*)"/.exec(tag)?.[1] ?? ''),
    names: [...inner.matchAll(/\bname="([^"]+)"/g)].map((m) => unescapeHtml(m[1])),
    values: [...inner.matchAll(/\bvalue="([^"]*)"/g)].map((m) => unescapeHtml(m[1])),
  }));
  const offered = forms.flatMap((form) => form.values);
  const controls = [...html.matchAll(/<[a-z]+\b[^>]*\bhx-post="([^"]*)"[^>]*>/g)].map(([tag, action]) => ({
    method: 'POST',
    action: unescapeHtml(action),
    names: (/\bhx-params="([^"]*)"/.exec(tag)?.[1] ?? '').split(',').map((n) => unescapeHtml(n.trim())),
    values: offered,
  }));
  return [...forms, ...controls];
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe('fuzzing the staff console', () => {
  let t: TestApp;
  let fastify: FastifyInstance;
  const routes: Route[] = [];
  const known: Record<string, string[]> = {};
  const shapes = new Map<string, FormShape>();
  let adminEmail: string;
  let session: { cookie: string; csrf: string };
  let other: { cookie: string; csrf: string };
  let requests = 0;
  let signIns = 0;
  const statuses = new Map<number, number>();

  const key = (route: Route) => `${route.method} ${route.url}`;
  const isConsole = (url: string) => url === '/staff' || url.startsWith('/staff/');

  const inject = (method: Method, url: string, headers: Record<string, string>, payload?: string | Buffer) =>
    fastify.inject({ method, url, headers, payload });

  /** A new console session for `email`, signed in through the form; its cookie and CSRF token. */
  async function signIn(email: string) {
    signIns++;
    const form = await inject('GET', '/staff/sign-in', {});
    const cookie = `iris_staff=${form.cookies.find((c) => c.name === 'iris_staff')!.value}`;
    const body = new URLSearchParams({ _csrf: csrfIn(form.body)!, email, password: PASSWORD });
    const res = await inject(
      'POST',
      '/staff/sign-in',
      { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body.toString(),
    );
    if (res.statusCode !== 303)
      throw new Error(`sign-in answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const renewed = res.cookies.find((c) => c.name === 'iris_staff');
    const signedIn = renewed ? `iris_staff=${renewed.value}` : cookie;
    const home = await inject('GET', '/staff', { cookie: signedIn });
    return { cookie: signedIn, csrf: csrfIn(home.body)! };
  }

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PUBLIC_RATE_LIMIT_PER_MINUTE: '0',
        API_RATE_LIMIT_PER_MINUTE: '0',
        LOGIN_MAX_FAILURES_PER_EMAIL: '100000',
        LOGIN_MAX_FAILURES_PER_IP: '100000',
      },
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route) => {
            for (const method of [route.method].flat())
              if ((method === 'GET' || method === 'POST') && isConsole(route.url))
                routes.push({ method: method as Method, url: route.url });
          }),
    });
    fastify = t.app.getHttpAdapter().getInstance();

    // An admin (who passes every role check), also the trainer of the training and the auditor of the
    // case, so every form of those pages is shown to them and reaches its service.
    const admin = await t.fx.user({ roles: [Role.Admin, Role.Trainer, Role.Auditor] });
    adminEmail = admin.email;
    const actor: Staff = { ...admin, requestId: '', language: 'en' };
    const { kase, training, participant, audit, finding } = await t.fx.guardedRecords(admin, admin, {
      days: [t.day(-1), t.today()],
      participantName: 'Fuzz Participant',
    });
    // A sheet of each kind waiting for its confirmation, so that the previews and their forms show.
    const uploads = t.get(StagedUploads);
    const agencies = Buffer.from(toCsv([AGENCY_CSV_EXAMPLE], AGENCY_CSV_COLUMNS));
    const attendance = Buffer.from(await t.get(SignInSheetService).template(training.id, actor));
    Object.assign(known, {
      agency: [kase.agency.id],
      training: [training.id],
      participant: [participant.id],
      day: [t.today(), t.day(-1)],
      case: [kase.id],
      audit: [audit.id],
      finding: [finding.id],
      user: [(await t.fx.user({ roles: [Role.Trainer] })).id],
      certificate: [kase.certificateNumber as string],
      upload: [
        await uploads.stage(actor, 'agencies', 'agencies.csv', agencies),
        await uploads.stage(actor, `sign-in-sheet:${training.id}`, 'sheet.csv', attendance),
        randomUUID(),
      ],
      file: ['overview.csv', 'participation.csv', 'certificates.csv', 'findings.csv'],
    });
    session = await signIn(adminEmail);
    other = await signIn((await t.fx.user({ roles: [Role.Ministry] })).email);

    // Every page, opened as the admin with each record it can show: the forms on it give their routes'
    // fields and the values offered.
    for (const route of routes) shapes.set(key(route), { seen: false, names: new Set(), values: new Set() });
    for (const route of routes.filter((r) => r.method === 'GET' && !r.url.includes('*'))) {
      for (const url of everyFilling(route.url)) {
        const res = await inject('GET', url, { cookie: session.cookie });
        if (!/^text\/html/.test(String(res.headers['content-type']))) continue;
        for (const form of formsOf(res.body)) {
          const target = routeOf(form.method as Method, form.action.split('?')[0]);
          if (!target) continue;
          const shape = shapes.get(key(target))!;
          shape.seen = true;
          form.names.filter((n) => n !== '_csrf').forEach((n) => shape.names.add(n));
          form.values.filter((v) => v !== session.csrf).forEach((v) => shape.values.add(v));
        }
      }
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    const tally = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    const posts = routes.filter((r) => r.method === 'POST');
    const seen = posts.filter((r) => shapes.get(key(r))?.seen).length;
    console.warn(
      `console fuzz: ${requests} requests (${tally}) on ${routes.length} routes ` +
        `(${posts.length} take forms, ${seen} found on the pages), ` +
        `${signIns} sign-ins, seed ${SEED}, ${RUNS} runs per route`,
    );
  });

  /** The route's URL as a pattern for the addresses of its forms. */
  function pattern(url: string): RegExp {
    const source = url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment))
      .join('/');
    return new RegExp(`^${source}$`);
  }

  /** The fixture a parameter stands for (by the segment before it). */
  function fixtureOf(url: string, param: string): string | undefined {
    const segments = url.split('/');
    return PARAMETERS[segments[segments.indexOf(param) - 1]];
  }

  /** The route's URL with each parameter from `pick` (a real record's when it gives none). */
  function fill(url: string, pick: (param: string) => string | undefined): string {
    return url
      .split('/')
      .map((segment) => {
        if (segment === '*') return pick(segment) ?? 'no-such-page';
        if (!segment.startsWith(':')) return segment;
        return pick(segment) ?? known[fixtureOf(url, segment)!][0];
      })
      .join('/');
  }

  /** The route's URL with every combination of the records its parameters can name. */
  function everyFilling(url: string): string[] {
    const params = url.split('/').filter((segment) => segment.startsWith(':'));
    let fillings: string[][] = [[]];
    for (const param of params) {
      fillings = fillings.flatMap((done) => known[fixtureOf(url, param)!].map((value) => [...done, value]));
    }
    return fillings.map((values) => {
      let i = 0;
      return fill(url, () => values[i++]);
    });
  }

  /** The route an address of a page's form goes to: the most specific that matches, as the router picks. */
  function routeOf(method: Method, path: string): Route | undefined {
    const dynamic = (r: Route) =>
      r.url.includes('*') ? Infinity : r.url.split('/').filter((s) => s.startsWith(':')).length;
    return routes
      .filter((r) => r.method === method && pattern(r.url).test(path))
      .sort((a, b) => dynamic(a) - dynamic(b))[0];
  }

  async function send(route: Route, req: Req): Promise<Answer> {
    requests++;
    const res = await inject(route.method, req.url, req.headers, req.payload);
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    const location = String(res.headers.location ?? '');
    // Something ended the admin's session (signing out, a password change): sign in again.
    if (location.startsWith('/staff/sign-in') || res.headers['hx-redirect'])
      session = await signIn(adminEmail);
    return {
      status: res.statusCode,
      type: String(res.headers['content-type'] ?? ''),
      location,
      body: res.body,
      headers: res.headers,
    };
  }

  const describeAnswer = (route: Route, req: Req, res: Answer) =>
    `${route.method} ${req.url.slice(0, 300)} (${req.headers['content-type'] ?? 'no body'}` +
    `${req.payload ? `: ${String(req.payload).slice(0, 300)}` : ''}) → ${res.status} ${res.type} ` +
    `${res.location}: ${res.body.slice(0, 400)}`;

  /** A page (HTML), a redirect within the site, or a download the page links to; never a 5xx or JSON. */
  function expectPageOrRedirect(route: Route, req: Req, res: Answer) {
    const context = describeAnswer(route, req, res);
    if (res.status >= 500) throw new Error(`server error: ${context}`);
    if (res.status >= 300 && res.status < 400) {
      if (!/^\/(?![/\\])/.test(res.location)) throw new Error(`redirect away from the site: ${context}`);
      return;
    }
    if (req.headers['hx-request'] && res.headers['hx-redirect'] && res.body === '') return;
    if (/^text\/html/.test(res.type)) {
      if (/QueryFailedError|TypeError|ReferenceError|\bat \S+ \(\S+:\d+:\d+\)/.test(res.body))
        throw new Error(`a page with internals: ${context}`);
      return;
    }
    if (res.status === 200 && DOWNLOADS.test(res.type)) return;
    throw new Error(`not a page: ${context}`);
  }

  /** Fields of the route's forms (and others'), or unknown ones, each with a hostile or offered value. */
  function fields(route: Route): fc.Arbitrary<[string, Value][]> {
    const shape = shapes.get(key(route))!;
    const everyName = [...new Set([...shapes.values()].flatMap((s) => [...s.names]))];
    const names = shape.names.size ? [...shape.names] : everyName;
    const offered = [...new Set([...shape.values, ...Object.values(known).flat()])];
    const name = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.constantFrom(...everyName, '__proto__', 'constructor', 'a[b]', 'x.y', '') },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    );
    const value: fc.Arbitrary<Value> = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom<Value>(...offered) },
      { weight: 3, arbitrary: NEAR_VALID },
      { weight: 3, arbitrary: HOSTILE_VALUES },
    );
    // Each name once, or repeated names: arrays where one value is expected.
    return fc.oneof(
      fc.uniqueArray(fc.tuple(name, value), { maxLength: 8, selector: ([n]) => n }),
      fc.array(fc.tuple(name, value), { maxLength: 12 }),
    );
  }

  function query(route: Route, pairs: [string, Value][]): string {
    return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  }

  /** Form bodies of every kind a client could send, with the session's CSRF token where it belongs. */
  function bodies(
    route: Route,
  ): fc.Arbitrary<{ headers: Record<string, string>; payload?: string | Buffer; search?: string }> {
    const csrf = session.csrf;
    const urlencoded = fields(route).map((pairs) => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: query(route, [['_csrf', csrf], ...pairs]),
    }));
    const json = fc
      .tuple(
        fields(route),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      )
      .map(([pairs, extra]) => {
        const body: Record<string, unknown> = { ...extra };
        for (const [k, v] of pairs) {
          const value = plain(v);
          body[k] = k in body ? [body[k], value].flat() : value;
        }
        body._csrf = csrf;
        return { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) };
      });
    // Any JSON at all, the token in htmx's header.
    const bare = HOSTILE_JSON.map((payload) => ({
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      payload,
    }));
    // A multipart form, the token in the address as the upload forms carry it, with or without a file.
    const multipart = fc
      .tuple(
        fields(route),
        fc.option(
          fc.oneof(
            fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
            fc.constantFrom(
              Buffer.from('PK\u0003\u0004not really a zip'),
              Buffer.from('\ufefflicenceNumber,nameLo\n"unterminated'),
              Buffer.from('fullName,sex\n=1+1,x\n'),
            ),
          ),
        ),
      )
      .map(([pairs, file]) => {
        const boundary = 'fuzzboundary';
        const parts = pairs.map(
          ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${plain(v)}\r\n`,
        );
        const head = Buffer.from(parts.join(''));
        const filePart = file
          ? Buffer.concat([
              Buffer.from(
                `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sheet.csv"\r\n` +
                  'Content-Type: text/csv\r\n\r\n',
              ),
              file,
              Buffer.from('\r\n'),
            ])
          : Buffer.alloc(0);
        return {
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload: Buffer.concat([head, filePart, Buffer.from(`--${boundary}--\r\n`)]),
          search: `_csrf=${encodeURIComponent(csrf)}`,
        };
      });
    const other = fc
      .constantFrom('text/plain', 'application/xml', 'application/octet-stream', 'text/csv')
      .map((type) => ({ headers: { 'content-type': type, 'x-csrf-token': csrf }, payload: 'a=1&b=2' }));
    return fc.oneof(
      { weight: 8, arbitrary: urlencoded },
      { weight: 2, arbitrary: json },
      { weight: 1, arbitrary: bare },
      { weight: 2, arbitrary: multipart },
      { weight: 1, arbitrary: other },
    );
  }

  /** Hostile requests to `route`: its parameters, its address's query and, for a form, its body. */
  function hostileRequests(route: Route): fc.Arbitrary<Req> {
    const params = route.url.split('/').filter((s) => s.startsWith(':') || s === '*');
    const path = fc.tuple(
      ...params.map((param) =>
        param === '*'
          ? fc.array(HOSTILE_SEGMENTS, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'))
          : fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...known[fixtureOf(route.url, param)!]) },
              { weight: 1, arbitrary: fc.constantFrom(...Object.values(known).flat()) },
              { weight: 2, arbitrary: HOSTILE_SEGMENTS },
            ),
      ),
    );
    const search = route.method === 'GET' ? fields(route) : fc.constant([] as [string, Value][]);
    const body =
      route.method === 'POST' ? bodies(route) : fc.constant({ headers: {} as Record<string, string> });
    const extra = fc.record(
      {
        'hx-request': fc.constant('true'),
        'accept-language': fc.constantFrom('lo', 'en', '*', 'xx-YY;q=2', 'ລາວ', ''),
      },
      { requiredKeys: [] },
    );
    return fc.tuple(path, search, body, extra).map(([values, pairs, b, headers]): Req => {
      let i = 0;
      const filled = fill(route.url, () => values[i++]);
      const searchText = [query(route, pairs), (b as { search?: string }).search ?? '']
        .filter(Boolean)
        .join('&');
      return {
        url: searchText ? `${filled}?${searchText}` : filled,
        headers: { ...headers, ...b.headers, cookie: session.cookie },
        payload: (b as { payload?: string | Buffer }).payload,
      };
    });
  }

  /** Runs `check` on `requests(route)` for every route; fast-check's report of each that failed. */
  async function fuzzEach(
    which: Route[],
    requests: (route: Route) => fc.Arbitrary<Req>,
    check: (route: Route, req: Req, res: Answer) => void,
    runs: number,
  ): Promise<string[]> {
    const failures: string[] = [];
    for (const route of which) {
      // The session may have been renewed by the previous route: build the requests afresh.
      const property = fc.asyncProperty(
        fc.constant(null).chain(() => requests(route)),
        async (req) => check(route, req, await send(route, req)),
      );
      const details = await fc.check(property, { seed: SEED, numRuns: runs, endOnFailure: true });
      if (details.failed) {
        const error = details.errorInstance as Error | undefined;
        failures.push(`${key(route)}: ${error?.message ?? fc.defaultReportMessage(details)}`);
      }
    }
    return failures;
  }

  it('finds the console’s pages and forms, and a real record for every parameter', () => {
    expect(routes.filter((r) => r.method === 'GET').length).toBeGreaterThan(30);
    expect(routes.filter((r) => r.method === 'POST').length).toBeGreaterThan(25);
    const unknown = routes.flatMap((route) =>
      route.url
        .split('/')
        .filter((s) => s.startsWith(':') && !known[fixtureOf(route.url, s) ?? ''])
        .map((s) => `${key(route)} ${s}`),
    );
    expect(unknown).toEqual([]);
    // Every form is one a page shows, and is sent with the fields the page gives it.
    const unseen = routes.filter((r) => r.method === 'POST' && !shapes.get(key(r))!.seen).map(key);
    expect(unseen).toEqual(['POST /staff/*']);
  });

  it('answers hostile forms and addresses with a page or a redirect, never a 5xx or JSON', async () => {
    const failures = await fuzzEach(routes, hostileRequests, expectPageOrRedirect, RUNS);
    expect(failures).toEqual([]);
  }, 300_000);

  /** A form of the route with its token missing, forged, another session's or not one string. */
  function forgedRequests(route: Route): fc.Arbitrary<Req> {
    const flipped = session.csrf.slice(0, -1) + (session.csrf.endsWith('A') ? 'B' : 'A');
    const tokens = fc.oneof(
      fc.constant([] as string[]),
      fc.constantFrom([''], ['undefined'], [flipped], [other.csrf], [session.csrf, session.csrf]),
      fc.string({ maxLength: 60 }).map((token) => [token]),
    );
    // A form with a __proto__ field is refused unread (400, by the parser) before its token is looked at.
    const readable = (pairs: [string, Value][]) => pairs.filter(([name]) => name !== '__proto__');
    const urlencoded = fc.tuple(fields(route), tokens).map(([pairs, sent]) => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' } as Record<string, string>,
      payload: query(route, [...sent.map((token): [string, Value] => ['_csrf', token]), ...readable(pairs)]),
      search: '',
    }));
    const json = fc
      .constantFrom<unknown>(
        { _csrf: [session.csrf] },
        { _csrf: { toString: session.csrf } },
        { _csrf: 1 },
        {},
      )
      .map((body) => ({
        headers: { 'content-type': 'application/json' } as Record<string, string>,
        payload: JSON.stringify(body),
        search: '',
      }));
    const header = fc.constantFrom(flipped, other.csrf, '').map((token) => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token },
      payload: '',
      search: '',
    }));
    const address = tokens.map((sent) => ({
      headers: { 'content-type': 'multipart/form-data; boundary=b' } as Record<string, string>,
      payload: '--b--\r\n',
      search: sent.map((token) => `_csrf=${encodeURIComponent(token)}`).join('&'),
    }));
    return fc
      .tuple(fc.oneof({ weight: 4, arbitrary: urlencoded }, json, header, address))
      .map(([body]): Req => {
        const url = fill(route.url, () => undefined);
        return {
          url: body.search ? `${url}?${body.search}` : url,
          headers: { ...body.headers, cookie: session.cookie },
          payload: body.payload,
        };
      });
  }

  it('refuses every form without its session’s CSRF token with a 403 page, and changes nothing', async () => {
    const logBefore = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
    const forms = routes.filter((r) => r.method === 'POST');
    const failures = await fuzzEach(
      forms,
      forgedRequests,
      (route, req, res) => {
        if (res.status !== 403 || !/^text\/html/.test(res.type))
          throw new Error(`not refused: ${describeAnswer(route, req, res)}`);
      },
      Math.max(3, Math.ceil(RUNS / 3)),
    );
    expect(failures).toEqual([]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(logBefore);
  }, 300_000);
});
