// The practical limit of this stack: a bare node:http + pg server answering the bench's routes with the
// same JSON fields and comparable HTML, one well-written query per request, no framework, no ORM, no
// validation beyond what the URL needs. The bench runs it beside the service and prints every figure as
// a ratio of it. Not a product: it checks nothing it is not told, and it signs and verifies nothing.
//   DATABASE_URL=… PORT=… JWT_SECRET=… node bench/raw-baseline.mjs
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const base = process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT}`;
const secret = process.env.JWT_SECRET ?? '';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Vientiane' });
let today = dayFormat.format(new Date());
setInterval(() => (today = dayFormat.format(new Date())), 1000).unref();
const addDays = (day, n) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const escape = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const CERTIFICATE_SQL = `
  SELECT c.number, c.status, c.status_reason, c.status_reason_lo, c.status_changed_on::text,
         c.scope_lo, c.scope_en, c.standard_version, c.original_issued_on::text, c.issued_on::text,
         c.expires_on::text, c.superseded_by, c.pdf_sha256, c.pdf_bytes, c.key_id, c.signature, c.signed_data,
         a.id AS agency_id, a.name_lo, a.name_en, a.licence_number, a.province,
         a.licence_status, a.licence_expires_on::text
  FROM certificates c JOIN agencies a ON a.id = c.agency_id WHERE c.number = $1`;

/**
 * One page of agencies and its total in one statement: the page by the name index, the total by its own
 * count (a window count would sort every match), then the page's details for its 20 rows only.
 */
const AGENCY_WHERE = `($1::text IS NULL OR a.province = $1)
      AND ($2::text IS NULL OR a.search_text LIKE '%' || lower($2) || '%')
      AND ($3::boolean IS NULL OR $3 = EXISTS (SELECT 1 FROM certificates c
            WHERE c.agency_id = a.id AND c.status = 'valid' AND c.expires_on > $6::date))`;
const AGENCY_PAGE_SQL = `
  WITH page AS (
    SELECT a.id, a.licence_number, a.name_lo, a.name_en, a.licence_status, a.licence_expires_on,
           a.province, a.district, a.destination_countries
    FROM agencies a WHERE ${AGENCY_WHERE}
    ORDER BY a.name_en, a.id LIMIT $4 OFFSET $5)
  SELECT p.*, p.licence_expires_on::text AS expires_on_text, lc.*, ls.stage,
         (SELECT count(*) FROM agencies a WHERE ${AGENCY_WHERE}) AS total,
         (SELECT count(*) FROM participants pa JOIN trainings t ON t.id = pa.training_id AND t.kind <> 'other'
           WHERE pa.agency_id = p.id
             AND (SELECT count(*) FROM attendance_marks m WHERE m.participant_id = pa.id AND m.status IN ('present', 'late'))
               >= (SELECT count(*) FROM training_days d WHERE d.training_id = t.id))::int AS trained
  FROM page p
  LEFT JOIN LATERAL (SELECT c.number AS c_number, c.status AS c_status, c.status_reason AS c_reason,
                            c.status_reason_lo AS c_reason_lo, c.issued_on::text AS c_issued, c.expires_on::text AS c_expires
                     FROM certificates c WHERE c.agency_id = p.id ORDER BY c.issued_on DESC, c.number DESC LIMIT 1) lc ON true
  LEFT JOIN LATERAL (SELECT cc.stage FROM certification_cases cc WHERE cc.agency_id = p.id
                     ORDER BY cc.opened_at DESC LIMIT 1) ls ON true
  ORDER BY p.name_en, p.id`;

const HISTORY_SQL = `
  SELECT (t.at AT TIME ZONE 'Asia/Vientiane')::date::text AS on, t.from_stage AS from, t.to_stage AS to,
         t.reason, t.reason_lo
  FROM certification_transitions t JOIN certification_cases cc ON cc.id = t.case_id
  WHERE cc.agency_id = $1 AND t.to_stage NOT IN ('audit', 'corrective_action')
  ORDER BY t.at DESC, t.id DESC LIMIT 100`;

function effectiveCertificateStatus(status, expiresOn) {
  return status === 'valid' && expiresOn <= today ? 'expired' : status;
}

function certificateJson(r) {
  const status = effectiveCertificateStatus(r.status, r.expires_on);
  return {
    number: r.number,
    status,
    statusReason: r.status_reason,
    statusReasonLo: r.status_reason_lo,
    statusChangedOn: r.status_changed_on,
    agency: {
      id: r.agency_id,
      nameLo: r.name_lo,
      nameEn: r.name_en,
      licenceNumber: r.licence_number,
      province: r.province,
    },
    scope: { lo: r.scope_lo, en: r.scope_en },
    standardVersion: r.standard_version,
    originalIssuedOn: r.original_issued_on,
    issuedOn: r.issued_on,
    validUntil: addDays(r.expires_on, -1),
    expiresOn: r.expires_on,
    supersededBy: r.superseded_by,
    verifyUrl: `${base}/verify/${r.number}`,
    pdfSha256: r.pdf_sha256,
    pdfBytes: r.pdf_bytes,
    signature: { algorithm: 'Ed25519', keyId: r.key_id, value: r.signature, signedData: r.signed_data },
  };
}

function agencyJson(r) {
  const licenceStatus =
    r.licence_status === 'active' && r.expires_on_text < today ? 'expired' : r.licence_status;
  const status = r.c_number ? effectiveCertificateStatus(r.c_status, r.c_expires) : null;
  return {
    id: r.id,
    licenceNumber: r.licence_number,
    nameLo: r.name_lo,
    nameEn: r.name_en,
    licenceStatus,
    licenceExpiresOn: r.expires_on_text,
    province: r.province,
    district: r.district,
    destinationCountries: r.destination_countries,
    certification: {
      status: status === 'valid' ? 'certified' : 'not_certified',
      stage: r.stage ?? null,
      certificate: r.c_number
        ? {
            number: r.c_number,
            status,
            statusReason: r.c_reason,
            statusReasonLo: r.c_reason_lo,
            issuedOn: r.c_issued,
            validUntil: addDays(r.c_expires, -1),
            expiresOn: r.c_expires,
          }
        : null,
    },
    trainedStaff: r.trained,
  };
}

async function agencyPage(params, limit = 20, offset = 0) {
  const { rows } = await pool.query(AGENCY_PAGE_SQL, [
    params.get('province'),
    params.get('q'),
    params.has('certified') ? params.get('certified') === 'true' : null,
    limit,
    offset,
    today,
  ]);
  return { items: rows.map(agencyJson), total: Number(rows[0]?.total ?? 0), limit, offset };
}

const page = (title, body) =>
  `<!doctype html><html lang="lo"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>${escape(title)}</title><link rel="stylesheet" href="/assets/site.css"></head><body><main>${body}</main></body></html>`;

const agencyRow = (a) =>
  `<li class="card"><a href="/agencies/${a.id}"><span lang="lo">${escape(a.nameLo)}</span> ${escape(a.nameEn)}</a>` +
  `<p>${escape(a.licenceNumber)} · ${escape(a.province)} · ${escape(a.certification.status)}</p></li>`;

function verifiedBearer(header) {
  const [scheme, token] = (header ?? '').split(' ');
  if (scheme !== 'Bearer' || !token) return false;
  const [head, body, signature] = token.split('.');
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  return claims.exp * 1000 > Date.now();
}

async function route(req, res) {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  const json = (status, value) => {
    const body = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  const html = (status, body) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  let m;
  if ((m = /^\/api\/v1\/public\/certificates\/([A-Z0-9-]{1,40})$/.exec(path))) {
    const { rows } = await pool.query(CERTIFICATE_SQL, [m[1]]);
    return rows[0] ? json(200, certificateJson(rows[0])) : json(404, { status: 404, code: 'NOT_FOUND' });
  }
  if ((m = /^\/verify\/([A-Z0-9-]{1,40})$/.exec(path))) {
    const { rows } = await pool.query(CERTIFICATE_SQL, [m[1]]);
    if (!rows[0]) return html(404, page('Not found', '<h1>Not found</h1>'));
    const c = certificateJson(rows[0]);
    return html(
      200,
      page(
        c.number,
        `<h1>${escape(c.number)}</h1><p class="verdict">${escape(c.status)}</p>` +
          `<dl><dt>Agency</dt><dd lang="lo">${escape(c.agency.nameLo)}</dd><dd>${escape(c.agency.nameEn)}</dd>` +
          `<dt>Licence</dt><dd>${escape(c.agency.licenceNumber)} ${escape(rows[0].licence_status)}</dd>` +
          `<dt>Scope</dt><dd lang="lo">${escape(c.scope.lo)}</dd><dd>${escape(c.scope.en)}</dd>` +
          `<dt>Issued</dt><dd>${c.issuedOn}</dd><dt>Valid until</dt><dd>${c.validUntil}</dd></dl>`,
      ),
    );
  }
  if (path === '/api/v1/public/agencies') {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, 100);
    return json(
      200,
      await agencyPage(url.searchParams, limit, Number(url.searchParams.get('offset') ?? 0) || 0),
    );
  }
  if (path === '/api/v1/agencies') {
    if (!verifiedBearer(req.headers.authorization)) return json(401, { status: 401, code: 'UNAUTHORIZED' });
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, 100);
    return json(200, await agencyPage(url.searchParams, limit, 0));
  }
  if ((m = /^\/(?:api\/v1\/public\/agencies|agencies)\/([0-9a-f-]{36})$/.exec(path))) {
    const [{ rows }, history] = await Promise.all([
      pool.query(
        AGENCY_PAGE_SQL.replace('FROM agencies a WHERE (', 'FROM agencies a WHERE a.id = $7 AND ('),
        [null, null, null, 1, 0, today, m[1]],
      ),
      pool.query(HISTORY_SQL, [m[1]]),
    ]);
    if (!rows[0]) return json(404, { status: 404, code: 'NOT_FOUND' });
    const agency = { ...agencyJson(rows[0]), history: history.rows };
    if (path.startsWith('/api/')) return json(200, agency);
    return html(
      200,
      page(
        agency.nameEn,
        `<h1 lang="lo">${escape(agency.nameLo)}</h1><p>${escape(agency.nameEn)}</p>${agencyRow(agency)}<ol>` +
          agency.history
            .map((e) => `<li>${e.on}: ${escape(e.from)} → ${escape(e.to)} ${escape(e.reason)}</li>`)
            .join('') +
          '</ol>',
      ),
    );
  }
  if (path === '/') {
    const { items, total } = await agencyPage(url.searchParams);
    return html(200, page('IRIS', `<h1>IRIS</h1><p>${total}</p><ul>${items.map(agencyRow).join('')}</ul>`));
  }
  return json(404, { status: 404, code: 'NOT_FOUND' });
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
