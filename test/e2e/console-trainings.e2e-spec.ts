import { stringify } from 'csv-stringify/sync';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { type ConsoleBrowser, csrfOf, signInToConsole } from '../utils/console';
import { as } from '../utils/http';

/** An audit entry as the two doors must write it alike: action, entity, and the fields before and after. */
interface Entry {
  action: string;
  entity_type: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
const shape = (entry: Entry) => ({
  action: entry.action,
  entityType: entry.entity_type,
  before: entry.before && Object.keys(entry.before).sort(),
  after: entry.after && Object.keys(entry.after).sort(),
});

describe('staff console: trainings', () => {
  let t: TestApp;
  let days: string[];
  let iom: { token: string; user: { id: string; email: string } };
  let trainer: { token: string; user: { id: string; email: string } };
  let other: { token: string; user: { id: string; email: string } };
  let agency: { id: string; nameLo: string; nameEn: string; licenceNumber: string };
  let iomPages: ConsoleBrowser;
  let trainerPages: ConsoleBrowser;

  beforeAll(async () => {
    t = await createTestApp();
    days = [t.day(0), t.day(1)];
    [iom, trainer, other] = [
      await t.fx.signIn([Role.Iom]),
      await t.fx.signIn([Role.Trainer]),
      await t.fx.signIn([Role.Trainer]),
    ];
    agency = await t.fx.agency();
    iomPages = await signInToConsole(t.http, iom.user.email);
    trainerPages = await signInToConsole(t.http, trainer.user.email);
  });
  afterAll(() => t.close());

  const entriesOf = async (entityId: string, action: string): Promise<Entry[]> =>
    t.db.query(
      `SELECT action, entity_type, before, after FROM audit_log WHERE entity_id = $1 AND action = $2 ORDER BY id`,
      [entityId, action],
    );
  const trainingForm = (overrides: Record<string, string | string[]> = {}) => ({
    titleLo: 'ການຝຶກອົບຮົມ IRIS',
    title: 'IRIS training',
    days,
    venue: 'Lao Plaza Hotel',
    province: 'LA-VT',
    organiser: 'IOM',
    kind: 'iris_awareness',
    trainerIds: [trainer.user.id],
    ...overrides,
  });
  /** A training created through the API, as IOM, with this file's trainer. */
  const apiTraining = async () =>
    (
      await as(t.http, iom.token)
        .post('/trainings')
        .send({ ...trainingForm(), kind: undefined })
        .expect(201)
    ).body as { id: string; version: number };
  const apiParticipant = async (trainingId: string, fullName: string) =>
    (
      await as(t.http, trainer.token)
        .post(`/trainings/${trainingId}/participants`)
        .send({ fullName, sex: 'female', position: 'Officer', agencyId: agency.id })
        .expect(201)
    ).body as { id: string };

  describe('the list', () => {
    it('opens from the Today page filtered to the trainer’s week, their own trainings first', async () => {
      const mine = await apiTraining();
      const notMine = (
        await as(t.http, iom.token)
          .post('/trainings')
          .send({ ...trainingForm(), kind: undefined, trainerIds: [other.user.id] })
          .expect(201)
      ).body as { id: string };
      const today = await trainerPages.open('/staff');
      // The page's link, unescaped as the browser reads it.
      const href = /href="(\/staff\/trainings\?from[^"]+)"/.exec(today.text)![1];
      const link = href.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
      expect(link).toContain(`trainerId=${trainer.user.id}`);
      const week = await trainerPages.open(link);
      expect(week.text).toContain(`/staff/trainings/${mine.id}`);
      expect(week.text).not.toContain(`/staff/trainings/${notMine.id}`);
      const all = await trainerPages.open('/staff/trainings');
      expect(all.text.indexOf(`/staff/trainings/${mine.id}`)).toBeLessThan(
        all.text.indexOf(`/staff/trainings/${notMine.id}`),
      );
    });
  });

  it('leaves out a date filter for a day that does not exist (30 February), as any malformed one', async () => {
    const year = days[0].slice(0, 4);
    const res = await iomPages.open(`/staff/trainings?from=${year}-02-30&to=${year}-13-01`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('class="trainings-filters"');
  });

  describe('the Lao title through the API', () => {
    it('takes titleLo in Lao script, answers it, and refuses Latin letters (400)', async () => {
      const created = await apiTraining();
      const read = await as(t.http, iom.token).get(`/trainings/${created.id}`).expect(200);
      expect(read.body.titleLo).toBe('ການຝຶກອົບຮົມ IRIS');
      const refused = await as(t.http, iom.token)
        .patch(`/trainings/${created.id}`)
        .send({ titleLo: 'IRIS training', version: created.version })
        .expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'titleLo', code: 'laoScript' })]);
    });
  });

  describe('creating a training', () => {
    it('writes the same audit entry as POST /trainings, and shows the Lao title first', async () => {
      await iomPages.open('/staff/trainings/new');
      const res = await iomPages.submit('/staff/trainings', trainingForm());
      expect(res.status).toBe(303);
      const id = /\/staff\/trainings\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
      const api = await apiTraining();
      const [byConsole] = await entriesOf(id, 'training.created');
      const [byApi] = await entriesOf(api.id, 'training.created');
      expect(shape(byConsole)).toEqual(shape(byApi));
      const page = await iomPages.open(`/staff/trainings/${id}`);
      expect(page.text).toContain('<h1>ການຝຶກອົບຮົມ IRIS</h1>');
    });

    it('adds a date input for another day without saving, and keeps what was typed', async () => {
      await iomPages.open('/staff/trainings/new');
      const res = await iomPages.submit('/staff/trainings', { ...trainingForm(), addDay: '1' });
      expect(res.status).toBe(200);
      expect(res.text.match(/type="date" name="days"/g)).toHaveLength(3);
      expect(res.text).toContain('value="Lao Plaza Hotel"');
    });

    it('refuses a Latin Lao title by the field, in Lao', async () => {
      await iomPages.open('/staff/trainings/new');
      const res = await iomPages.submit('/staff/trainings', trainingForm({ titleLo: 'Latin' }));
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-titleLo"');
    });
  });

  describe('participants', () => {
    it('writes the same audit entry as POST …/participants, the agency picked by its datalist label', async () => {
      const training = await apiTraining();
      await trainerPages.open(`/staff/trainings/${training.id}/participants/new`);
      const res = await trainerPages.submit(`/staff/trainings/${training.id}/participants`, {
        fullName: 'Noy Keomany',
        sex: 'female',
        agency: `${agency.nameLo} / ${agency.nameEn} (${agency.licenceNumber})`,
        position: 'Clerk',
      });
      expect(res.status).toBe(303);
      const [added] = await t.db.query(`SELECT id FROM participants WHERE training_id = $1`, [training.id]);
      const api = await apiParticipant(training.id, 'Other Person');
      const [byConsole] = await entriesOf(added.id, 'participant.created');
      const [byApi] = await entriesOf(api.id, 'participant.created');
      expect(shape(byConsole)).toEqual(shape(byApi));
    });

    it('finds the agency by part of its English name typed without JavaScript', async () => {
      const training = await apiTraining();
      await trainerPages.open(`/staff/trainings/${training.id}/participants/new`);
      const res = await trainerPages.submit(`/staff/trainings/${training.id}/participants`, {
        fullName: 'Typed Agency',
        sex: 'male',
        agency: agency.nameEn.slice(0, 18),
        position: 'Clerk',
      });
      expect(res.status).toBe(303);
    });

    it('catches the same person twice and links to the existing participant (409)', async () => {
      const training = await apiTraining();
      const first = await apiParticipant(training.id, 'Dara Souk');
      await trainerPages.open(`/staff/trainings/${training.id}/participants/new`);
      const res = await trainerPages.submit(`/staff/trainings/${training.id}/participants`, {
        fullName: 'dara  souk',
        sex: 'female',
        agencyId: agency.id,
        position: 'Clerk',
      });
      expect(res.status).toBe(409);
      expect(res.text).toContain(`/staff/trainings/${training.id}/participants/${first.id}/edit`);
      expect(res.text).toContain('<strong>Dara Souk</strong>');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM participants WHERE training_id = $1`, [
        training.id,
      ]);
      expect(n).toBe(1);
    });
  });

  describe('attendance marks', () => {
    it('write the same audit entry as PUT …/attendance, and the page counts them', async () => {
      const training = await apiTraining();
      const [a, b] = [
        await apiParticipant(training.id, 'Mark One'),
        await apiParticipant(training.id, 'Mark Two'),
      ];
      const page = await trainerPages.open(`/staff/trainings/${training.id}/days/${days[0]}`);
      expect(page.status).toBe(200);
      const res = await trainerPages.submit(`/staff/trainings/${training.id}/days/${days[0]}`, {
        [`s-${a.id}`]: 'present',
        [`w-${a.id}`]: '',
      });
      expect(res.status).toBe(303);
      await as(t.http, trainer.token)
        .put(`/trainings/${training.id}/attendance`)
        .send({ marks: [{ participantId: b.id, day: days[0], status: 'present' }] })
        .expect(200);
      const [byConsole] = await entriesOf(a.id, 'attendance.marked');
      const [byApi] = await entriesOf(b.id, 'attendance.marked');
      expect(shape(byConsole)).toEqual(shape(byApi));
      const after = await trainerPages.open(`/staff/trainings/${training.id}/days/${days[0]}`);
      expect(after.text).toContain('ມາ 2 ຈາກ 2 ຄົນ, ຍິງ 2 ຄົນ');
    });

    it('lose nothing when two trainers mark the same day at once, tap by tap', async () => {
      const training = await apiTraining();
      const people = [];
      for (let i = 0; i < 6; i++) people.push(await apiParticipant(training.id, `Parallel ${i}`));
      const second = await signInToConsole(t.http, trainer.user.email);
      await second.open(`/staff/trainings/${training.id}/days/${days[1]}`);
      await trainerPages.open(`/staff/trainings/${training.id}/days/${days[1]}`);
      const tap = (pages: ConsoleBrowser, id: string, status: string) =>
        pages.agent
          .post(`/staff/trainings/${training.id}/days/${days[1]}/marks/${id}`)
          .set('HX-Request', 'true')
          .set('X-CSRF-Token', pages.csrf)
          .type('form')
          .send({ [`s-${id}`]: status });
      const answers = await Promise.all(
        people.map((p, i) => tap(i % 2 ? second : trainerPages, p.id, i % 3 ? 'present' : 'late')),
      );
      expect(answers.map((r) => r.status)).toEqual(people.map(() => 200));
      expect(answers[0].text).toContain('id="day-counts"');
      const marks = await t.db.query(
        `SELECT count(*)::int AS n FROM attendance_marks WHERE day = $1 AND participant_id = ANY($2::uuid[])`,
        [days[1], people.map((p) => p.id)],
      );
      expect(marks[0].n).toBe(6);
    });

    it('refuses a tap with a status the page does not offer with a page, saving nothing', async () => {
      const training = await apiTraining();
      const person = await apiParticipant(training.id, 'Odd Status');
      await trainerPages.open(`/staff/trainings/${training.id}/days/${days[0]}`);
      const res = await trainerPages.agent
        .post(`/staff/trainings/${training.id}/days/${days[0]}/marks/${person.id}`)
        .set('HX-Request', 'true')
        .set('X-CSRF-Token', trainerPages.csrf)
        .type('form')
        .send({ [`s-${person.id}`]: 'asleep' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const marks = await t.db.query(
        `SELECT count(*)::int AS n FROM attendance_marks WHERE participant_id = $1`,
        [person.id],
      );
      expect(marks[0].n).toBe(0);
    });

    it('saves without JavaScript only what was changed on the page, keeping a mark taken meanwhile', async () => {
      const training = await apiTraining();
      const [a, b] = [
        await apiParticipant(training.id, 'Keep One'),
        await apiParticipant(training.id, 'Keep Two'),
      ];
      await trainerPages.open(`/staff/trainings/${training.id}/days/${days[0]}`);
      // Meanwhile another trainer marks b late.
      await as(t.http, trainer.token)
        .put(`/trainings/${training.id}/attendance`)
        .send({ marks: [{ participantId: b.id, day: days[0], status: 'late' }] })
        .expect(200);
      await trainerPages.submit(`/staff/trainings/${training.id}/days/${days[0]}`, {
        [`s-${a.id}`]: 'absent',
        [`w-${a.id}`]: '',
        [`w-${b.id}`]: '',
      });
      const rows = await t.db.query(
        `SELECT participant_id, status FROM attendance_marks WHERE participant_id = ANY($1::uuid[]) ORDER BY status`,
        [[a.id, b.id]],
      );
      expect(rows).toEqual([
        { participant_id: b.id, status: 'late' },
        { participant_id: a.id, status: 'absent' },
      ]);
    });

    it('adds a walk-in marked present on the day, and marks everyone else present in one tap', async () => {
      const training = await apiTraining();
      await apiParticipant(training.id, 'Listed Person');
      await trainerPages.open(`/staff/trainings/${training.id}/days/${days[0]}`);
      const walkIn = await trainerPages.submit(`/staff/trainings/${training.id}/days/${days[0]}/walk-ins`, {
        fullName: 'Walk In',
        sex: 'male',
        agencyId: agency.id,
        position: 'Driver',
      });
      expect(walkIn.status).toBe(303);
      await trainerPages.submit(`/staff/trainings/${training.id}/days/${days[0]}/everyone`, {});
      const rows = await t.db.query(
        `SELECT p.full_name, m.status FROM participants p JOIN attendance_marks m ON m.participant_id = p.id
         WHERE p.training_id = $1 ORDER BY p.full_name`,
        [training.id],
      );
      expect(rows).toEqual([
        { full_name: 'Listed Person', status: 'present' },
        { full_name: 'Walk In', status: 'present' },
      ]);
    });
  });

  describe('a walk-in IOM staff may not mark', () => {
    it('adds nobody when the mark is refused: the walk-in happens whole or not at all', async () => {
      const training = await apiTraining();
      await iomPages.open(`/staff/trainings/${training.id}/days/${days[0]}`);
      const walkIn = await iomPages.submit(`/staff/trainings/${training.id}/days/${days[0]}/walk-ins`, {
        fullName: 'Half Added',
        sex: 'female',
        agencyId: agency.id,
        position: 'Clerk',
      });
      expect(walkIn.status).toBe(403);
      const rows = await t.db.query(`SELECT full_name FROM participants WHERE training_id = $1`, [
        training.id,
      ]);
      expect(rows).toEqual([]);
    });
  });

  describe('the sign-in sheet', () => {
    it('prints as a PDF with the Lao font', async () => {
      const training = await apiTraining();
      await apiParticipant(training.id, 'Printed Person');
      const res = await trainerPages.agent
        .get(`/staff/trainings/${training.id}/sign-in-sheet.pdf`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = (res.body as Buffer).toString('latin1');
      expect(pdf).toContain('NotoSansLao');
      expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(2);
    });

    it('imports through upload, preview (showing "F → female") and confirm, with the API’s audit entries', async () => {
      const training = await apiTraining();
      const csv = stringify([
        ['licenceNumber', 'fullName', 'sex', 'position', ...days],
        [agency.licenceNumber, 'Sheet Woman', 'F', 'Clerk', '✓', ''],
        [agency.licenceNumber, 'Sheet Lao', 'ຍິງ', 'Clerk', 'x', 'late'],
        [agency.licenceNumber, 'Sheet Unknown', '?', 'Clerk', '', ''],
      ]);
      const form = await trainerPages.open(`/staff/trainings/${training.id}/import`);
      const upload = await trainerPages.agent
        .post(`/staff/trainings/${training.id}/import?_csrf=${encodeURIComponent(csrfOf(form))}`)
        .attach('file', Buffer.from(csv), 'sheet.csv');
      expect(upload.status).toBe(303);
      const preview = await trainerPages.open(upload.headers.location);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain('<strong>F</strong> → ຍິງ');
      expect(preview.text).toContain('<strong>✓</strong> → ມາ');
      // A row it cannot take, said in Lao by the DTO's rule.
      expect(preview.text).toContain('ແຖວທີ 4: ເພດ ຕ້ອງເປັນໜຶ່ງໃນ');
      expect(await t.db.query(`SELECT 1 FROM participants WHERE training_id = $1`, [training.id])).toEqual(
        [],
      );
      const confirmed = await trainerPages.submit(upload.headers.location, { confirm: '1' });
      expect(confirmed.status).toBe(303);
      const [woman] = await t.db.query(
        `SELECT id, sex FROM participants WHERE training_id = $1 AND full_name = 'Sheet Woman'`,
        [training.id],
      );
      expect(woman.sex).toBe('female');
      // The API's import of the same sheet into another training writes entries of the same shape.
      const other = await apiTraining();
      await as(t.http, trainer.token)
        .post(`/trainings/${other.id}/attendance/import`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(csv))
        .expect(200);
      const [apiWoman] = await t.db.query(
        `SELECT id FROM participants WHERE training_id = $1 AND full_name = 'Sheet Woman'`,
        [other.id],
      );
      for (const action of ['participant.created', 'attendance.marked']) {
        const [byConsole] = await entriesOf(woman.id, action);
        const [byApi] = await entriesOf(apiWoman.id, action);
        expect(shape(byConsole)).toEqual(shape(byApi));
      }
      // A second confirmation of the same preview imports nothing twice.
      const again = await trainerPages.submit(upload.headers.location, { confirm: '1' });
      expect(again.status).toBe(400);
    });
  });

  describe('summary and certificates', () => {
    it('sums the training up in IOM’s words and prints all completed participants’ certificates', async () => {
      const training = await apiTraining();
      const people = [
        await apiParticipant(training.id, 'Done One'),
        await apiParticipant(training.id, 'Done Two'),
      ];
      await as(t.http, trainer.token)
        .put(`/trainings/${training.id}/attendance`)
        .send({
          marks: people.flatMap((p) => days.map((day) => ({ participantId: p.id, day, status: 'present' }))),
        })
        .expect(200);
      const page = await iomPages.open(`/staff/trainings/${training.id}`);
      expect(page.text).toContain('ຜູ້ເຂົ້າຮ່ວມ 2 ຄົນ (ຍິງ 2 ຄົນ) ຈາກ 1 ບໍລິສັດ');
      const all = await iomPages.agent.get(`/staff/trainings/${training.id}/certificates.pdf`);
      expect(all.status).toBe(200);
      expect(all.headers['content-type']).toBe('application/pdf');
      const one = await iomPages.agent.get(
        `/staff/trainings/${training.id}/participants/${people[0].id}/certificate.pdf`,
      );
      expect(one.status).toBe(200);
    });
  });

  describe('another trainer', () => {
    it('gets a refusal page for a training they do not train, and can change nothing', async () => {
      const training = await apiTraining();
      const person = await apiParticipant(training.id, 'Not Yours');
      const pages = await signInToConsole(t.http, other.user.email);
      for (const path of [
        '',
        `/days/${days[0]}`,
        '/edit',
        '/participants/new',
        '/import',
        '/sign-in-sheet.pdf',
      ]) {
        const res = await pages.agent.get(`/staff/trainings/${training.id}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.text).toContain('<html lang="lo">');
      }
      const post = await pages.submit(`/staff/trainings/${training.id}/days/${days[0]}`, {
        [`s-${person.id}`]: 'present',
      });
      expect(post.status).toBe(403);
      expect(
        await t.db.query(`SELECT 1 FROM attendance_marks WHERE participant_id = $1`, [person.id]),
      ).toEqual([]);
    });
  });
});
