// `npm run bench`: throughput and latency of the service's main read paths, printed as a table.
// Boots the built app (dist/) on its own throwaway database (embedded, or BENCH_DATABASE_URL),
// seeds users and audit entries, then drives each route with autocannon. Figures, not assertions:
// the speed targets live here, never in unit tests.
import autocannon from 'autocannon';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, takeOverShutdownSignals } from './embedded-postgres.mjs';

const require = createRequire(import.meta.url);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SEED_USERS = 5000;
const SEED_AUDIT = 100000;
const SEED_AGENCIES = 20000;
const SEED_CERTIFICATES = 1000;

takeOverShutdownSignals();
const embedded = process.env.BENCH_DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'iris-bench-')), 'pg', 'data'),
      persistent: false,
      database: 'iris_bench',
    });
const port = await freePort();
Object.assign(process.env, {
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? embedded.url,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret!',
  CERTIFICATE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }),
  ADMIN_EMAIL: 'bench-admin@example.la',
  ADMIN_PASSWORD: 'bench-admin-password',
  // One account signs in from 10 connections at once: lift the attempt limits, which would (rightly) refuse that.
  LOGIN_MAX_FAILURES_PER_IP: '1000000',
  LOGIN_MAX_FAILURES_PER_EMAIL: '1000000',
  // All load comes from one address; a limit far above it keeps the per-address guard in the measured path.
  PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
});

const { bootstrap } = require('../dist/src/main.js');
const app = await bootstrap({ shutdownHooks: false });
const base = `http://127.0.0.1:${port}`;

try {
  await seed(process.env.DATABASE_URL);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-admin@example.la', password: 'bench-admin-password' }),
  }).then((r) => r.json());
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const { items } = await fetch(`${base}/api/v1/users?limit=1&offset=2500`, { headers: auth }).then((r) =>
    r.json(),
  );

  await explainAgencySearches(app);
  await timeSignInSheetImport(base, auth);
  const certificates = await issueCertificates(app);
  const lao = encodeURIComponent('ສີສະຫວາດ');
  const cases = [
    { name: 'GET /health/ready (db ping)', path: '/health/ready' },
    { name: 'GET /auth/me (guard: JWT + user read)', path: '/api/v1/auth/me', headers: auth },
    { name: `GET /users?limit=20 (of ${SEED_USERS})`, path: '/api/v1/users?limit=20', headers: auth },
    { name: 'GET /users?q=user-42 (ILIKE)', path: '/api/v1/users?q=user-42', headers: auth },
    {
      name: `GET /audit-log?entityId= (of ${SEED_AUDIT})`,
      path: `/api/v1/audit-log?entityType=user&entityId=${items[0].id}`,
      headers: auth,
    },
    { name: 'GET /audit-log?limit=20 (newest)', path: '/api/v1/audit-log?limit=20', headers: auth },
    {
      name: `GET /agencies?limit=20 (of ${SEED_AGENCIES})`,
      path: '/api/v1/agencies?limit=20',
      headers: auth,
    },
    { name: 'GET /agencies?q=<Lao name>', path: `/api/v1/agencies?q=${lao}`, headers: auth },
    { name: 'GET /agencies?q=recruit', path: '/api/v1/agencies?q=recruit', headers: auth },
    { name: 'GET /agencies?q=<licence no.>', path: '/api/v1/agencies?q=RA-2024-0123', headers: auth },
    { name: 'GET /agencies?province=LA-CH', path: '/api/v1/agencies?province=LA-CH', headers: auth },
    {
      name: 'GET /agencies?licenceStatus=expired',
      path: '/api/v1/agencies?licenceStatus=expired',
      headers: auth,
    },
    {
      name: `GET /certifications?limit=20 (of ${SEED_CERTIFICATES})`,
      path: '/api/v1/certifications?limit=20',
      headers: auth,
    },
    {
      name: 'GET /certifications?needsAttention=true',
      path: '/api/v1/certifications?needsAttention=true',
      headers: auth,
    },
    {
      name: `GET /certificates?limit=20 (of ${SEED_CERTIFICATES})`,
      path: '/api/v1/certificates?limit=20',
      headers: auth,
    },
    {
      name: 'GET /certificates?status=valid',
      path: '/api/v1/certificates?status=valid',
      headers: auth,
    },
    {
      name: 'GET /certificates/{number}/pdf',
      path: `/api/v1/certificates/${certificates.number}/pdf`,
      headers: auth,
    },
    {
      name: 'GET /public/certificates/{number}',
      path: `/api/v1/public/certificates/${certificates.number}`,
    },
    {
      name: 'POST /public/certificates/verify-pdf',
      path: '/api/v1/public/certificates/verify-pdf',
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: certificates.pdf,
    },
    { name: 'GET /public/keys', path: '/api/v1/public/keys' },
    { name: `GET /public/agencies?limit=20 (of ${SEED_AGENCIES})`, path: '/api/v1/public/agencies?limit=20' },
    { name: 'GET /public/agencies?q=<Lao name>', path: `/api/v1/public/agencies?q=${lao}` },
    { name: 'GET /public/agencies?certified=true', path: '/api/v1/public/agencies?certified=true' },
    {
      name: 'GET /public/agencies/{id} (certified, with history)',
      path: `/api/v1/public/agencies/${certificates.agencyId}`,
    },
    { name: 'GET / (home page, 20 agencies)', path: '/' },
    { name: 'GET /?q=<Lao name> (search page)', path: `/?q=${lao}` },
    { name: 'GET /agencies/{id} (profile page)', path: `/agencies/${certificates.agencyId}` },
    { name: 'GET /verify/{number} (QR page)', path: `/verify/${certificates.number}` },
    {
      name: `GET /reports/overview (${SEED_AGENCIES} agencies)`,
      path: '/api/v1/reports/overview',
      headers: auth,
    },
    { name: 'GET /reports/overview.csv', path: '/api/v1/reports/overview.csv', headers: auth },
    {
      name: `GET /reports/certificates.csv (${SEED_CERTIFICATES})`,
      path: '/api/v1/reports/certificates.csv',
      headers: auth,
    },
    { name: 'GET /reports/progress.pdf', path: '/api/v1/reports/progress.pdf', headers: auth },
    {
      name: 'POST /auth/login (Argon2id verify)',
      path: '/api/v1/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-admin@example.la', password: 'bench-admin-password' }),
    },
  ];
  const rows = [];
  for (const c of cases) {
    const result = await autocannon({
      url: base + c.path,
      method: c.method ?? 'GET',
      headers: c.headers,
      body: c.body,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    rows.push({
      route: c.name,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    });
  }
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION} s per route, ${os.cpus().length} cores shared by load, app and database\n`,
  );
  console.table(rows);
} finally {
  // autocannon drops its sockets at the end; let handlers still running (Argon2) finish first.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await app.close();
  await embedded?.stop();
}

async function seed(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const hash = (await client.query(`SELECT password_hash FROM users LIMIT 1`)).rows[0].password_hash;
  await client.query(
    `INSERT INTO users (email, name, password_hash, roles, version)
     SELECT 'user-' || i || '@example.la', 'Bench User ' || i, $1, '{trainer}', 1 FROM generate_series(1, $2) i`,
    [hash, SEED_USERS],
  );
  await client.query(
    `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, after)
     SELECT NULL, 'user.updated', 'user', u.id::text, jsonb_build_object('n', g)
     FROM generate_series(1, $1) g JOIN LATERAL (SELECT id FROM users ORDER BY random() LIMIT 1 OFFSET (g % 5)) u ON true`,
    [SEED_AUDIT],
  );
  await client.query(
    `INSERT INTO agencies (licence_number, name_lo, name_en, licence_issued_on, licence_expires_on, licence_status,
                           province, district, address, phone, destination_countries, contact_person, version)
     SELECT 'MOLSW-RA-' || (2015 + i % 10) || '-' || lpad(i::text, 5, '0'),
            'ບໍລິສັດ ຈັດຫາງານ ' || (ARRAY['ສີສະຫວາດ','ແສງຈັນ','ຄຳພອນ','ດາວເຮືອງ','ວຽງໄຊ','ຈຳປາ','ສະຫວັນ','ທອງຄຳ'])[1 + i % 8] || ' ' || i || ' ຈຳກັດ',
            (ARRAY['Sisavath','Saengchan','Khamphone','Daoheuang','Viengxay','Champa','Savan','Thongkham'])[1 + i % 8]
              || ' ' || i || (CASE WHEN i % 3 = 0 THEN ' Recruitment' ELSE ' Manpower' END) || ' Co., Ltd.',
            DATE '2020-01-01' + (i % 1500), DATE '2025-01-01' + (i % 1500),
            (ARRAY['active','active','active','suspended','revoked']::licence_status[])[1 + i % 5],
            (SELECT code FROM provinces ORDER BY code OFFSET i % 18 LIMIT 1),
            'District ' || i % 40, 'Ban ' || i, '+856 21 415 678',
            (ARRAY[ARRAY['TH','XX'],ARRAY['KR','XX'],ARRAY['JP','XX'],ARRAY['TH','KR']])[1 + i % 4][1:1 + (i % 4) / 3],
            'Contact ' || i, 1
     FROM generate_series(1, $1) i`,
    [SEED_AGENCIES],
  );
  await client.query('ANALYZE');
  await client.end();
}

/** EXPLAIN ANALYZE of the exact SQL the app builds for a `q` search and a province filter. */
async function explainAgencySearches(app) {
  const { AgenciesRepository } = require('../dist/src/agencies/agencies.repository.js');
  const { laoToday } = require('../dist/src/agencies/licence-status.js');
  const repository = app.get(AgenciesRepository);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const {
    rows: [{ lc_ctype }],
  } = await client.query(`SELECT datctype AS lc_ctype FROM pg_database WHERE datname = current_database()`);
  console.log(`\nDatabase LC_CTYPE: ${lc_ctype} (pg_trgm needs a UTF-8 ctype to index Lao letters)`);
  for (const [label, filter] of [
    ['q=ສີສະຫວາດ (Lao, partial, 1 in 8 agencies match)', { q: 'ສີສະຫວາດ' }],
    ['q=ສີສະຫວາດ 1234 (Lao, partial, selective)', { q: 'ສີສະຫວາດ 1234' }],
    ['q=recruit (English, partial)', { q: 'recruit' }],
    ['q=RA-2024-0123 (licence number, partial)', { q: 'RA-2024-0123' }],
    ['province=LA-CH', { province: 'LA-CH' }],
  ]) {
    const [sql, params] = repository.filtered(filter, laoToday()).take(20).getQueryAndParameters();
    const { rows } = await client.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) ${sql}`, params);
    console.log(`\nEXPLAIN ANALYZE GET /agencies?${label}, ${SEED_AGENCIES} agencies:`);
    for (const row of rows) console.log(`  ${row['QUERY PLAN']}`);
  }
  await client.end();
}

/** A typed-up sign-in sheet of 2,000 participants over two days, imported (and then re-imported) over HTTP. */
async function timeSignInSheetImport(base, auth) {
  const days = ['2026-11-19', '2026-11-20'];
  const training = await fetch(`${base}/api/v1/trainings`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Bench workshop',
      venue: 'Bench hall',
      province: 'LA-VT',
      organiser: 'IOM',
      days,
      trainerIds: [],
    }),
  }).then((r) => r.json());
  const rows = Array.from({ length: 2000 }, (_, i) => {
    const n = i + 1;
    const licence = `MOLSW-RA-${2015 + (n % 10)}-${String(n).padStart(5, '0')}`;
    return [
      licence,
      `Participant ${n}`,
      n % 3 ? 'female' : 'male',
      'Recruitment officer',
      '',
      '',
      'present',
      n % 7 ? 'present' : 'late',
    ].join(',');
  });
  const csv = [
    ['licenceNumber', 'fullName', 'sex', 'position', 'phone', 'email', ...days].join(','),
    ...rows,
  ].join('\n');
  console.log('');
  const changed = csv.replaceAll('Recruitment officer', 'Compliance officer');
  for (const [label, body] of [
    ['first import (2,000 new participants, 4,000 marks)', csv],
    ['same sheet again (nothing changes)', csv],
    ['again with every position changed (2,000 updates)', changed],
  ]) {
    const started = performance.now();
    const result = await fetch(`${base}/api/v1/trainings/${training.id}/attendance/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body,
    }).then((r) => r.json());
    const ms = Math.round(performance.now() - started);
    console.log(
      `Sign-in sheet, ${label}: ${ms} ms → created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, rejected ${result.rejected?.length}`,
    );
  }
}

/**
 * Certificates: rendering alone in this process (after a warm-up), then issuing SEED_CERTIFICATES real
 * certificates through the issuer (number, signature, PDF, insert, audit) for cases seeded as certified.
 */
async function issueCertificates(app) {
  const { DataSource } = require('typeorm');
  const { CertificateDocument } = require('../dist/src/certificates/certificate-document.js');
  const { CertificateIssuance } = require('../dist/src/certificates/certificate-issuance.service.js');
  const { CertificationCase } = require('../dist/src/certification/certification-case.entity.js');
  const { laoToday } = require('../dist/src/agencies/licence-status.js');
  const { expiryDate } = require('../dist/src/certification/dates.js');
  const dataSource = app.get(DataSource);
  const document = app.get(CertificateDocument);
  const sample = {
    type: 'IRIS-LA certificate',
    number: 'IRIS-LA-2026-0001',
    agency: {
      id: '00000000-0000-4000-8000-000000000001',
      licenceNumber: 'MOLSW-RA-2024-00123',
      nameLo: 'ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ',
      nameEn: 'Sisavath Manpower Co., Ltd.',
    },
    scope: {
      lo: 'ການຈັດຫາງານຢ່າງມີຈັນຍາບັນ. ປະເທດປາຍທາງ: ໄທ, ຍີ່ປຸ່ນ',
      en: 'Ethical recruitment. Destination countries: Thailand, Japan',
    },
    standardVersion: '1.2',
    originalIssuedOn: '2026-11-24',
    issuedOn: '2026-11-24',
    expiresOn: '2029-11-24',
    issuer: 'Ministry of Labour and Social Welfare',
    verifyUrl: 'https://iris.molsw.gov.la/verify/IRIS-LA-2026-0001',
    keyId: 'bench',
  };
  for (let i = 0; i < 20; i++) await document.render(sample, '{}', 'signature');
  const rendered = 200;
  let started = performance.now();
  let bytes = 0;
  for (let i = 0; i < rendered; i++)
    bytes += (await document.render({ ...sample, number: `IRIS-LA-2026-${i + 1}` }, '{}', 'signature'))
      .length;
  const renderSeconds = (performance.now() - started) / 1000;

  const today = laoToday();
  const ids = (
    await dataSource.query(
      `INSERT INTO certification_cases (agency_id, stage, certified_on, expires_on, next_surveillance_on, version)
       SELECT id, 'certified', $2, $3, $2::date + 365, 1 FROM agencies ORDER BY licence_number LIMIT $1 RETURNING id`,
      [SEED_CERTIFICATES, today, expiryDate(today, 3)],
    )
  ).map((row) => row.id);
  const issuer = app.get(CertificateIssuance);
  started = performance.now();
  let number;
  for (const id of ids) {
    number = await dataSource.transaction(async (em) => {
      const certificationCase = await em.findOneByOrFail(CertificationCase, { id });
      const issued = await issuer.caseMoved(em, {
        certificationCase,
        from: 'audit',
        to: 'certified',
        reason: null,
        actor: null,
        on: today,
      });
      await em.update(CertificationCase, id, { certificateNumber: issued });
      return issued;
    });
  }
  const issueSeconds = (performance.now() - started) / 1000;
  await dataSource.query('ANALYZE');
  const [{ pdf, agencyId, avg }] = await dataSource.query(
    `SELECT (SELECT pdf FROM certificates WHERE number = $1) AS pdf,
            (SELECT agency_id FROM certificates WHERE number = $1) AS "agencyId",
            avg(pdf_bytes)::int AS avg FROM certificates`,
    [number],
  );
  console.log(
    `\nCertificates: rendered ${rendered} in one process at ${(rendered / renderSeconds).toFixed(1)}/s ` +
      `(mean ${(bytes / rendered / 1024).toFixed(1)} KB); issued ${ids.length} (number, signature, PDF, insert, audit, ` +
      `one transaction each) at ${(ids.length / issueSeconds).toFixed(1)}/s; stored PDFs average ${(avg / 1024).toFixed(1)} KB`,
  );
  return { number, pdf, agencyId };
}
