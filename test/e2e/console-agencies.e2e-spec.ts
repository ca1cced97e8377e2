import { stringify } from 'csv-stringify/sync';
import { Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { AgenciesService } from '../../src/agencies/agencies.service';
import { AGENCY_CSV_COLUMNS } from '../../src/agencies/agency-csv';
import { LicenceStatus } from '../../src/agencies/licence-status';
import { addDays } from '../../src/common/lao-calendar';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { type ConsoleBrowser, signInToConsole } from '../utils/console';
import { as as signedIn } from '../utils/http';

type Column = (typeof AGENCY_CSV_COLUMNS)[number];

describe('staff console: the agency register', () => {
  let t: TestApp;
  let official: ConsoleBrowser;
  let officialId: string;
  let api: { token: string; user: { id: string } };
  beforeAll(async () => {
    t = await createTestApp();
    const user = await t.fx.user({ roles: [Role.Ministry] });
    officialId = user.id;
    official = await signInToConsole(t.http, user.email);
    api = await t.fx.signIn([Role.Ministry]);
  });
  afterAll(() => t.close());

  const auditOf = (id: string, action: string) =>
    t.db.query(
      `SELECT action, entity_type, actor_id, before, after FROM audit_log
       WHERE entity_type = 'agency' AND entity_id = $1 AND action = $2 ORDER BY id`,
      [id, action],
    ) as Promise<{ action: string; entity_type: string; actor_id: string; before: object; after: object }[]>;
  /** What two audit entries must share: action, entity and the shape of before and after. */
  const shapeOf = (entry: {
    action: string;
    entity_type: string;
    before: object | null;
    after: object | null;
  }) => ({
    action: entry.action,
    entityType: entry.entity_type,
    before: entry.before && Object.keys(entry.before).sort(),
    after: entry.after && Object.keys(entry.after).sort(),
  });
  const formOf = (body: ReturnType<TestApp['fx']['agencyBody']>) => ({
    licenceNumber: body.licenceNumber,
    nameLo: body.nameLo,
    nameEn: body.nameEn,
    licenceIssuedOn: body.licenceIssuedOn,
    licenceExpiresOn: body.licenceExpiresOn,
    province: body.province,
    district: body.district ?? '',
    address: body.address ?? '',
    phone: body.phone ?? '',
    email: body.email ?? '',
    destinationCountries: body.destinationCountries ?? [],
    contactPerson: body.contactPerson ?? '',
  });
  const hidden = (res: Response, name: string) => {
    const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(res.text);
    if (!match) throw new Error(`no hidden ${name}`);
    return match[1]
      .replace(/&quot;/g, '"')
      .replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&');
  };
  const csvOf = (rows: Partial<Record<Column, string>>[]) =>
    stringify([
      AGENCY_CSV_COLUMNS as unknown as string[],
      ...rows.map((r) => AGENCY_CSV_COLUMNS.map((c) => r[c] ?? '')),
    ]);
  const csvRow = (overrides: Partial<Record<Column, string>> = {}) => {
    const body = t.fx.agencyBody();
    return { ...formOf(body), destinationCountries: 'TH;KR', ...overrides } as Record<Column, string>;
  };
  const upload = (browser: ConsoleBrowser, bytes: Buffer, name: string) =>
    browser.agent
      .post(`/staff/agencies/import?_csrf=${encodeURIComponent(browser.csrf)}`)
      .attach('file', bytes, name);

  describe('the list', () => {
    it('searches by Lao name and filters by province, in the person’s language', async () => {
      const agency = await t.fx.agency({ nameLo: 'ບໍລິສັດ ດາວເຮືອງ ຈັດຫາງານ', province: 'LA-XE' });
      const res = await official.open(`/staff/agencies?q=${encodeURIComponent('ດາວເຮືອງ')}&province=LA-XE`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`href="/staff/agencies/${agency.id}"`);
      expect(res.text).toContain('ເຊກອງ');
      expect(res.text).not.toMatch(/<td[^>]*>LA-XE<\/td>/);
    });

    it('opens the Today page’s links: licences about to expire, and expired ones', async () => {
      const today = t.today();
      const soon = await t.fx.agency({
        licenceIssuedOn: addDays(today, -300),
        licenceExpiresOn: addDays(today, 20),
      });
      const lapsed = await t.fx.agency({
        licenceIssuedOn: addDays(today, -300),
        licenceExpiresOn: addDays(today, -2),
      });
      const expiring = await official.open(
        `/staff/agencies?licenceStatus=active&expiresBefore=${addDays(today, 60)}&sort=licenceExpiresOn`,
      );
      expect(expiring.status).toBe(200);
      expect(expiring.text).toContain(soon.id);
      expect(expiring.text).not.toContain(lapsed.id);
      const expired = await official.open('/staff/agencies?licenceStatus=expired');
      expect(expired.text).toContain(lapsed.id);
      expect(expired.text).not.toContain(soon.id);
    });

    it('answers a filter it cannot read on the page, not with an error', async () => {
      const res = await official.open('/staff/agencies?expiresBefore=soon');
      expect(res.status).toBe(400);
      expect(res.text).toContain('class="error-summary"');
    });

    it('exports the agencies the filters show, as the API’s export does', async () => {
      const mine = await t.fx.agency({ province: 'LA-AT' });
      const res = await official.agent.get('/staff/agencies/export.csv?province=LA-AT').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const twin = await signedIn(t.http, api.token).get('/agencies/export.csv?province=LA-AT').expect(200);
      expect(res.text).toBe(twin.text);
      expect(res.text).toContain(mine.licenceNumber);
    });
  });

  describe('registering and editing', () => {
    it('console action and API twin write the same audit-log entry: create', async () => {
      await official.open('/staff/agencies/new');
      const body = t.fx.agencyBody();
      const res = await official.submit('/staff/agencies', formOf(body));
      expect(res.status).toBe(303);
      const id = res.headers.location.split('/').pop()!;
      const twin = await signedIn(t.http, api.token).post('/agencies').send(t.fx.agencyBody()).expect(201);
      const [mine] = await auditOf(id, 'agency.created');
      const [theirs] = await auditOf(twin.body.id, 'agency.created');
      expect(shapeOf(mine)).toEqual(shapeOf(theirs));
      expect(mine.actor_id).toBe(officialId);
      expect(mine.after).toMatchObject({ licenceNumber: body.licenceNumber, nameLo: body.nameLo });
    });

    it('shows each refused field inline and in the summary, in Lao, keeping what was typed', async () => {
      await official.open('/staff/agencies/new');
      const body = t.fx.agencyBody({ nameLo: 'Not Lao' });
      const res = await official.submit('/staff/agencies', { ...formOf(body), province: '' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-nameLo"');
      expect(res.text).toContain('ຕ້ອງຂຽນເປັນພາສາລາວ');
      expect(res.text).toContain('id="error-province"');
      expect(res.text).toContain(`value="${body.licenceNumber}"`);
      expect(res.text).toMatch(/name="nameLo"[^>]*lang="lo"/);
    });

    it('takes other destination countries by name, and refuses a name that is no country by that field', async () => {
      await official.open('/staff/agencies/new');
      const body = t.fx.agencyBody();
      const refused = await official.submit('/staff/agencies', {
        ...formOf(body),
        destinationCountries: ['TH'],
        otherCountries: 'Qatar, Atlantis',
      });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('href="#field-otherCountries"');
      expect(refused.text).toContain('id="error-otherCountries"');
      expect(refused.text).toMatch(/name="otherCountries"[^>]*value="Qatar, Atlantis"/);

      const res = await official.submit('/staff/agencies', {
        ...formOf(body),
        destinationCountries: ['TH'],
        otherCountries: 'Qatar',
      });
      expect(res.status).toBe(303);
      const saved = await t.app.get(AgenciesService).get(res.headers.location.split('/').pop()!);
      expect(saved.destinationCountries).toEqual(['TH', 'QA']);
    });

    it('console action and API twin write the same audit-log entry: edit', async () => {
      const agency = await t.fx.agency();
      await official.open(`/staff/agencies/${agency.id}/edit`);
      const res = await official.submit(`/staff/agencies/${agency.id}`, {
        ...formOf({ ...t.fx.agencyBody(), ...agency }),
        nameEn: 'Renamed By Console Co., Ltd.',
        version: String(agency.version),
      });
      expect(res.status).toBe(303);
      const other = await t.fx.agency();
      await signedIn(t.http, api.token)
        .patch(`/agencies/${other.id}`)
        .send({ nameEn: 'Renamed By API Co., Ltd.', version: other.version })
        .expect(200);
      const [mine] = await auditOf(agency.id, 'agency.updated');
      const [theirs] = await auditOf(other.id, 'agency.updated');
      expect(shapeOf(mine)).toEqual(shapeOf(theirs));
      expect(mine.after).toMatchObject({
        nameEn: 'Renamed By Console Co., Ltd.',
        version: agency.version + 1,
      });
    });

    it('meets a version conflict: shows what the other person changed, then re-applies onto the new version', async () => {
      const agency = await t.fx.agency({ district: 'Sikhottabong' });
      const form = await official.open(`/staff/agencies/${agency.id}/edit`);
      const opened = hidden(form, 'opened');
      // Meanwhile, someone else changes the district.
      const admin = await t.fx.actor(Role.Ministry);
      await t.app
        .get(AgenciesService)
        .update(agency.id, { district: 'Chanthabouly', version: agency.version }, admin);

      const typed = { ...formOf({ ...t.fx.agencyBody(), ...agency }), contactPerson: 'Bounmy Keo' };
      const res = await official.submit(`/staff/agencies/${agency.id}`, {
        ...typed,
        version: String(agency.version),
        opened,
      });
      expect(res.status).toBe(409);
      expect(res.text).toContain('class="card conflict"');
      expect(res.text).toContain('Chanthabouly');
      expect(res.text).toContain('Sikhottabong'); // what this person's form still said
      expect(res.text).toMatch(/<li><strong>[^<]+:<\/strong> Bounmy Keo<\/li>/); // their own change, kept
      // The form now holds the new version, their district and this person's contact person.
      expect(hidden(res, 'version')).toBe(String(agency.version + 1));
      expect(res.text).toMatch(/name="district"[^>]*value="Chanthabouly"/);
      expect(res.text).toMatch(/name="contactPerson"[^>]*value="Bounmy Keo"/);

      official.csrf = hidden(res, '_csrf');
      const again = await official.submit(`/staff/agencies/${agency.id}`, {
        ...typed,
        district: 'Chanthabouly',
        version: hidden(res, 'version'),
        opened: hidden(res, 'opened'),
      });
      expect(again.status).toBe(303);
      const saved = await t.app.get(AgenciesService).get(agency.id);
      expect(saved).toMatchObject({
        district: 'Chanthabouly',
        contactPerson: 'Bounmy Keo',
        version: agency.version + 2,
      });
    });
  });

  describe('licence status', () => {
    it('offers only the moves the licence rules allow', async () => {
      const agency = await t.fx.agency();
      const res = await official.open(`/staff/agencies/${agency.id}`);
      expect(res.text).toContain('value="suspended"');
      expect(res.text).toContain('value="revoked"');
      expect(res.text).not.toContain('name="status" value="active"');
      expect(res.text).not.toContain('name="status" value="expired"');
    });

    it('console action and API twin write the same audit-log entry: licence change', async () => {
      const agency = await t.fx.agency();
      await official.open(`/staff/agencies/${agency.id}`);
      const res = await official.submit(`/staff/agencies/${agency.id}/licence`, {
        status: 'suspended',
        reason: 'Charged recruitment fees to jobseekers',
        version: String(agency.version),
      });
      expect(res.status).toBe(303);
      const other = await t.fx.agency();
      await signedIn(t.http, api.token)
        .post(`/agencies/${other.id}/licence-status-changes`)
        .send({ status: 'suspended', reason: 'Charged recruitment fees', version: other.version })
        .expect(201);
      const [mine] = await auditOf(agency.id, 'agency.licence_status_changed');
      const [theirs] = await auditOf(other.id, 'agency.licence_status_changed');
      expect(shapeOf(mine)).toEqual(shapeOf(theirs));
      const page = await official.open(`/staff/agencies/${agency.id}`);
      expect(page.text).toContain('Charged recruitment fees to jobseekers');
      expect(page.text).toContain('ຖືກໂຈະ');
    });

    it('refuses a reason too short on the agency page', async () => {
      const agency = await t.fx.agency();
      await official.open(`/staff/agencies/${agency.id}`);
      const res = await official.submit(`/staff/agencies/${agency.id}/licence`, {
        status: 'revoked',
        reason: 'x',
        version: String(agency.version),
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-reason"');
      expect((await t.app.get(AgenciesService).get(agency.id)).licenceStatus).toBe(LicenceStatus.Active);
    });
  });

  describe('import', () => {
    it('previews, then imports exactly the previewed file, once', async () => {
      await official.open('/staff/agencies/import');
      const first = csvRow();
      const res = await upload(official, Buffer.from(csvOf([first])), 'first.csv');
      expect(res.status).toBe(303);
      const previewed = res.headers.location as string;
      // A second file staged in between is not what the confirmation imports.
      const second = csvRow();
      await upload(official, Buffer.from(csvOf([second])), 'second.csv');

      const preview = await official.open(previewed);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain(first.licenceNumber);
      expect(preview.text).toContain('first.csv');
      expect(
        await t.db.query('SELECT 1 FROM agencies WHERE licence_number = $1', [first.licenceNumber]),
      ).toEqual([]);

      const done = await official.submit(previewed, {});
      expect(done.status).toBe(303);
      const numbers = (await t.db.query(
        'SELECT licence_number FROM agencies WHERE licence_number = ANY($1)',
        [[first.licenceNumber, second.licenceNumber]],
      )) as { licence_number: string }[];
      expect(numbers.map((r) => r.licence_number)).toEqual([first.licenceNumber]);
      expect((await official.submit(previewed, {})).status).toBe(409);
    });

    it('rejects a bad line with its reason in the person’s language, imports the others', async () => {
      await official.open('/staff/agencies/import');
      const good = csvRow();
      const bad = csvRow({ province: 'Atlantis' });
      const res = await upload(official, Buffer.from(csvOf([good, bad])), 'with-a-bad-line.csv');
      const preview = await official.open(res.headers.location);
      expect(preview.text).toMatch(/<td[^>]*>3<\/td>/);
      expect(preview.text).toContain('ກະລຸນາເລືອກແຂວງ');
      const done = await official.submit(res.headers.location, {});
      expect(done.status).toBe(303);
      const rows = await t.db.query('SELECT licence_number FROM agencies WHERE licence_number = ANY($1)', [
        [good.licenceNumber, bad.licenceNumber],
      ]);
      expect(rows).toEqual([{ licence_number: good.licenceNumber }]);
    });

    it('reads an Excel workbook the same way', async () => {
      const row = csvRow();
      const book = new Workbook();
      const sheet = book.addWorksheet('Agencies');
      sheet.addRow([...AGENCY_CSV_COLUMNS]);
      sheet.addRow(AGENCY_CSV_COLUMNS.map((c) => row[c]));
      const bytes = Buffer.from(await book.xlsx.writeBuffer());
      await official.open('/staff/agencies/import');
      const res = await upload(official, bytes, 'agencies.xlsx');
      const preview = await official.open(res.headers.location);
      expect(preview.text).toContain(row.licenceNumber);
    });

    it('console action and API twin write the same audit-log entry: import', async () => {
      await official.open('/staff/agencies/import');
      const mine = csvRow();
      const res = await upload(official, Buffer.from(csvOf([mine])), 'mine.csv');
      await official.open(res.headers.location);
      await official.submit(res.headers.location, {});
      const theirs = csvRow();
      await signedIn(t.http, api.token)
        .post('/agencies/import')
        .set('Content-Type', 'text/csv')
        .send(csvOf([theirs]))
        .expect(200);
      const ids = (await t.db.query(
        'SELECT id, licence_number FROM agencies WHERE licence_number = ANY($1)',
        [[mine.licenceNumber, theirs.licenceNumber]],
      )) as { id: string; licence_number: string }[];
      const idOf = (n: string) => ids.find((r) => r.licence_number === n)!.id;
      const [a] = await auditOf(idOf(mine.licenceNumber), 'agency.created');
      const [b] = await auditOf(idOf(theirs.licenceNumber), 'agency.created');
      expect(shapeOf(a)).toEqual(shapeOf(b));
      expect(a.actor_id).toBe(officialId);
    });

    it('gives the templates as CSV and Excel', async () => {
      const csv = await official.agent.get('/staff/agencies/import/template.csv').expect(200);
      expect(csv.text.split('\n')[0]).toContain('licenceNumber');
      const xlsx = await official.agent.get('/staff/agencies/import/template.xlsx').expect(200);
      expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    });
  });

  describe('who may do what', () => {
    it('refuses the forms and the import to roles that only read the register', async () => {
      const agency = await t.fx.agency();
      for (const role of [Role.Iom, Role.Trainer, Role.Auditor]) {
        const browser = await signInToConsole(t.http, (await t.fx.user({ roles: [role] })).email);
        const list = await browser.open('/staff/agencies');
        expect(list.status).toBe(200);
        expect(list.text).not.toContain('href="/staff/agencies/new"');
        expect((await browser.open(`/staff/agencies/${agency.id}`)).status).toBe(200);
        expect((await browser.agent.get('/staff/agencies/new')).status).toBe(403);
        expect((await browser.agent.get('/staff/agencies/import')).status).toBe(403);
        const res = await browser.submit('/staff/agencies', formOf(t.fx.agencyBody()));
        expect(res.status).toBe(403);
        const licence = await browser.submit(`/staff/agencies/${agency.id}/licence`, {
          status: 'revoked',
          reason: 'Not allowed',
          version: String(agency.version),
        });
        expect(licence.status).toBe(403);
      }
      expect((await t.app.get(AgenciesService).get(agency.id)).licenceStatus).toBe(LicenceStatus.Active);
    });
  });
});
