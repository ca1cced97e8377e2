// Step one of the bench, in its own process: migrate the bench database (by booting the built service),
// seed it (seed.mjs), issue the certificates through the service's own issuer so their signatures and
// PDFs are real, and time certificate rendering alone. Prints one JSON line for run.mjs.
import { createRequire } from 'node:module';
import pg from 'pg';
import { SCALE, seed } from './seed.mjs';

const require = createRequire(import.meta.url);
const REAL_CERTIFICATES = Number(process.env.BENCH_REAL_CERTIFICATES ?? 100);
const log = (message) => process.stderr.write(`  ${message}\n`);

const { bootstrap } = require('../dist/src/main.js');
const app = await bootstrap({ shutdownHooks: false });
const { DataSource } = require('typeorm');
const { Clock } = require('../dist/src/common/clock.js');
const today = app.get(Clock).today();

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
let started = performance.now();
await seed(client, today);
log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await client.end();

const render = await timeRendering(app);
log(`certificate rendering: ${render.perSecond.toFixed(1)}/s`);
started = performance.now();
const issued = await issueCertificates(app, today);
log(
  `issued ${REAL_CERTIFICATES} certificates (and copied the rest to ${SCALE.certificates}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
await app.get(DataSource).query('ANALYZE');
await app.close();
process.stdout.write(`${JSON.stringify({ ...issued, renderPerSecond: render.perSecond })}\n`);
process.exit(0);

/** Rendering alone, in this process, after a warm-up: the PDF with its QR code and both fonts. */
async function timeRendering(app) {
  const { CertificateDocument } = require('../dist/src/certificates/certificate-document.js');
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
  const count = 100;
  const started = performance.now();
  for (let i = 0; i < count; i++)
    await document.render({ ...sample, number: `IRIS-LA-2026-${i + 1}` }, '{}', 'x');
  return { perSecond: count / ((performance.now() - started) / 1000) };
}

/**
 * Certified cases for the agencies that have none. The first REAL_CERTIFICATES are issued as a move into
 * `certified` issues them (number, signature, PDF, insert, audit entry); rendering a PDF takes tens of
 * milliseconds, so the rest are copies of those in SQL with their own numbers: rows for the lists and
 * counts, never verified (the bench verifies a real one).
 */
async function issueCertificates(app, today) {
  const { CertificateIssuance } = require('../dist/src/certificates/certificate-issuance.service.js');
  const { CertificationCase } = require('../dist/src/certification/certification-case.entity.js');
  const { expiryDate } = require('../dist/src/common/lao-calendar.js');
  const dataSource = app.get(DataSource);
  const ids = await dataSource.query(
    `INSERT INTO certification_cases (agency_id, stage, certified_on, expires_on, next_surveillance_on, version)
       SELECT id, 'certified', $2, $3, $2::date + 365, 1 FROM agencies a
       WHERE NOT EXISTS (SELECT 1 FROM certification_cases c WHERE c.agency_id = a.id)
       ORDER BY licence_number LIMIT $1 RETURNING id, agency_id AS "agencyId"`,
    [SCALE.certificates, today, expiryDate(today, 3)],
  );
  const issuer = app.get(CertificateIssuance);
  let number;
  const expiresOn = expiryDate(today, 3);
  const issueOne = ({ id, agencyId }) =>
    dataSource.transaction(async (em) => {
      number = await issuer.issue(em, { caseId: id, agencyId, issuedOn: today, expiresOn, actor: null });
      await em.update(CertificationCase, id, { certificateNumber: number });
    });
  const real = ids.slice(0, REAL_CERTIFICATES);
  for (let i = 0; i < real.length; i += 4) await Promise.all(real.slice(i, i + 4).map(issueOne));
  await dataSource.query(
    `WITH copies AS (
       SELECT c.id AS case_id, c.agency_id, row_number() OVER (ORDER BY c.id) AS n
       FROM certification_cases c WHERE c.stage = 'certified' AND c.certificate_number IS NULL),
     model AS (SELECT * FROM certificates ORDER BY number LIMIT 1)
     INSERT INTO certificates (number, year, sequence, case_id, agency_id, scope_lo, scope_en, standard_version,
                               original_issued_on, issued_on, expires_on, status, status_changed_on, key_id,
                               signed_data, signature, pdf, pdf_sha256, pdf_bytes)
     SELECT 'IRIS-LA-2020-' || lpad(n::text, 4, '0'), 2020, n, copies.case_id, copies.agency_id, m.scope_lo,
            m.scope_en, m.standard_version, m.original_issued_on, m.issued_on, m.expires_on, m.status,
            m.status_changed_on, m.key_id, m.signed_data, m.signature, m.pdf,
            encode(sha256(convert_to(copies.case_id::text, 'UTF8')), 'hex'), m.pdf_bytes
     FROM copies, model m`,
  );
  await dataSource.query(
    `UPDATE certification_cases c SET certificate_number = x.number FROM certificates x
     WHERE x.case_id = c.id AND c.certificate_number IS NULL`,
  );
  await dataSource.query(
    `UPDATE agencies a SET certification_stage = 'certified', certificate_number = c.certificate_number
     FROM certification_cases c WHERE c.agency_id = a.id AND c.stage = 'certified'`,
  );
  const [{ agencyId }] = await dataSource.query(
    `SELECT agency_id AS "agencyId" FROM certificates WHERE number = $1`,
    [number],
  );
  const [{ caseId, version }] = await dataSource.query(
    `SELECT id AS "caseId", version FROM certification_cases WHERE stage = 'capacity_building' ORDER BY id LIMIT 1`,
  );
  return { number, agencyId, caseId, caseVersion: version };
}
