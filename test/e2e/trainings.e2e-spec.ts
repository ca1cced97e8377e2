import { stringify } from 'csv-stringify/sync';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { XLSX_TYPE } from '../../src/common/xlsx';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

/** The training's two days, ten and nine days before the app's today (set in the first beforeAll). */
let DAYS: string[];
/** YYYY-MM-DD as a spreadsheet writes it: DD/MM/YYYY. */
const ddmmyyyy = (day: string) => day.split('-').reverse().join('/');
const trainingBody = (trainerIds: string[], overrides: object = {}) => ({
  title: 'IRIS ethical recruitment training',
  venue: 'Lao Plaza Hotel, Vientiane',
  province: 'LA-VT',
  organiser: 'IOM and MoLSW',
  fundingProgramme: 'PROMISE',
  days: DAYS,
  trainerIds,
  ...overrides,
});

describe('trainings', () => {
  let t: TestApp;
  let iom: string;
  let trainer: { token: string; user: { id: string } };
  let otherTrainer: string;
  let agencyId: string;
  beforeAll(async () => {
    t = await createTestApp();
    DAYS = [t.day(-10), t.day(-9)];
    iom = await t.fx.tokenFor(Role.Iom);
    trainer = await t.fx.signIn([Role.Trainer]);
    otherTrainer = await t.fx.tokenFor(Role.Trainer);
    agencyId = (await t.fx.agency()).id;
  });
  afterAll(() => t.close());

  const newTraining = async (overrides: object = {}) =>
    (
      await as(t.http, iom)
        .post('/trainings')
        .send(trainingBody([trainer.user.id], overrides))
        .expect(201)
    ).body;
  const addParticipant = (token: string, trainingId: string, overrides: object = {}) =>
    as(t.http, token)
      .post(`/trainings/${trainingId}/participants`)
      .send({
        fullName: 'Souksavanh Phommachack',
        sex: 'female',
        position: 'Recruitment officer',
        agencyId,
        phone: '020 5555 1234',
        email: 'souk@agency.la',
        ...overrides,
      });

  describe('POST /trainings', () => {
    it('lets IOM create a training with its days and trainers (201), logged', async () => {
      const body = await newTraining();
      expect(body).toMatchObject({
        days: DAYS,
        kind: 'iris_awareness',
        trainers: [{ id: trainer.user.id, name: expect.any(String) }],
        version: 1,
      });
      const [entry] = await t.db.query(
        `SELECT action FROM audit_log WHERE entity_type = 'training' AND entity_id = $1`,
        [body.id],
      );
      expect(entry.action).toBe('training.created');
    });

    it('assigns a trainer to the training they create', async () => {
      const res = await as(t.http, trainer.token).post('/trainings').send(trainingBody([])).expect(201);
      expect(res.body.trainers.map((x: { id: string }) => x.id)).toEqual([trainer.user.id]);
    });

    it('refuses a trainer id that is not a trainer (400) and a day that does not exist (400)', async () => {
      const ministryUser = await t.fx.user({ roles: [Role.Ministry] });
      expect(
        expectProblem(
          await as(t.http, iom)
            .post('/trainings')
            .send(trainingBody([ministryUser.id])),
          400,
        ).errors?.[0].field,
      ).toBe('trainerIds');
      const res = await as(t.http, iom)
        .post('/trainings')
        .send(trainingBody([], { days: [`${t.today().slice(0, 4)}-02-30`] }));
      expect(expectProblem(res, 400).errors?.[0].field).toBe('days');
    });

    it('refuses a training without a trainer (400 naming trainerIds), writing nothing', async () => {
      const title = 'A workshop nobody could record';
      const res = await as(t.http, iom).post('/trainings').send(trainingBody([], { title }));
      expect(expectProblem(res, 400).errors).toEqual([
        {
          field: 'trainerIds',
          message: 'a training needs at least one trainer: only its trainers can record attendance',
        },
      ]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM trainings WHERE title = $1`, [title]);
      expect(n).toBe(0);
    });

    it('is closed to the ministry (403) and to anonymous callers (401)', async () => {
      expectProblem(
        await as(t.http, await t.fx.tokenFor(Role.Ministry))
          .post('/trainings')
          .send(trainingBody([])),
        403,
      );
      expectProblem(await request(t.http).post('/api/v1/trainings').send(trainingBody([])), 401);
    });
  });

  describe('object-level rules', () => {
    it('lets the assigned trainer and IOM add participants; another trainer gets 403', async () => {
      const training = await newTraining();
      await addParticipant(trainer.token, training.id).expect(201);
      await addParticipant(iom, training.id, { fullName: 'Walk-in Person' }).expect(201);
      expectProblem(await addParticipant(otherTrainer, training.id), 403);
      expectProblem(await as(t.http, otherTrainer).get(`/trainings/${training.id}/participants`), 403);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM participants WHERE training_id = $1`, [
        training.id,
      ]);
      expect(n).toBe(2);
    });

    it('lets the ministry read the participants, as in its participation report, but not add one (403)', async () => {
      const training = await newTraining();
      await addParticipant(trainer.token, training.id, { fullName: 'Keo Phommavong' }).expect(201);
      const ministry = await t.fx.tokenFor(Role.Ministry);
      const res = await as(t.http, ministry).get(`/trainings/${training.id}/participants`).expect(200);
      expect(res.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(['Keo Phommavong']);
      expectProblem(await addParticipant(ministry, training.id), 403);
    });

    it('lets only its trainers and IOM edit a training; a stale version is 409', async () => {
      const training = await newTraining();
      expectProblem(
        await as(t.http, otherTrainer)
          .patch(`/trainings/${training.id}`)
          .send({ venue: 'Elsewhere', version: 1 }),
        403,
      );
      await as(t.http, trainer.token)
        .patch(`/trainings/${training.id}`)
        .send({ venue: 'Don Chan Palace', version: 1 })
        .expect(200);
      expectProblem(
        await as(t.http, iom).patch(`/trainings/${training.id}`).send({ venue: 'Again', version: 1 }),
        409,
        'STALE_VERSION',
      );
    });

    it('refuses to take every trainer off a training (400) and keeps them', async () => {
      const training = await newTraining();
      const res = await as(t.http, iom)
        .patch(`/trainings/${training.id}`)
        .send({ trainerIds: [], version: training.version });
      expect(expectProblem(res, 400).errors?.[0].field).toBe('trainerIds');
      const after = await as(t.http, iom).get(`/trainings/${training.id}`).expect(200);
      expect(after.body).toMatchObject({ version: training.version, trainers: [{ id: trainer.user.id }] });
    });

    it('refuses a participant whose agency does not exist (400 naming agencyId)', async () => {
      const training = await newTraining();
      const res = await addParticipant(iom, training.id, {
        agencyId: '00000000-0000-4000-8000-000000000001',
      });
      expect(expectProblem(res, 400).errors).toEqual([
        { field: 'agencyId', code: 'unknownAgency', message: 'No agency has this id' },
      ]);
    });
  });

  describe('one record per participant', () => {
    const countNamed = async (trainingId: string, key: string) =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM participants WHERE training_id = $1 AND name_key = $2`,
          [trainingId, key],
        )
      )[0].n;

    it('refuses the same name and agency twice (409 naming the first), however it is typed', async () => {
      const training = await newTraining();
      const first = (await addParticipant(trainer.token, training.id).expect(201)).body;
      for (const fullName of ['  SOUKSAVANH   phommachack ', 'Souksavanh\u00A0Phommachack']) {
        const res = await addParticipant(iom, training.id, { fullName, phone: null, email: null });
        const problem = expectProblem(res, 409, 'PARTICIPANT_DUPLICATE');
        expect(problem.existingId).toBe(first.id);
        expect(problem.detail).toContain(first.id);
        expect(problem.errors).toEqual([
          { field: 'fullName', message: `participant ${first.id} of this agency has this name already` },
        ]);
      }
      const summary = await as(t.http, iom).get(`/trainings/${training.id}/summary`).expect(200);
      expect(summary.body).toMatchObject({ participants: 1, agencies: 1 });
      expect(await countNamed(training.id, 'souksavanh phommachack')).toBe(1);
    });

    it('takes the same name from another agency, or in another training', async () => {
      const training = await newTraining();
      await addParticipant(trainer.token, training.id).expect(201);
      const otherAgency = await t.fx.agency();
      await addParticipant(trainer.token, training.id, { agencyId: otherAgency.id }).expect(201);
      await addParticipant(trainer.token, (await newTraining()).id).expect(201);
    });

    it('reads Lao typed in two ways as one name', async () => {
      const training = await newTraining();
      await addParticipant(trainer.token, training.id, { fullName: 'ນາງ ຄຳແສງ' }).expect(201);
      expectProblem(
        await addParticipant(trainer.token, training.id, { fullName: 'ນາງ ຄໍາແສງ' }),
        409,
        'PARTICIPANT_DUPLICATE',
      );
    });

    it('adds the person once when two requests race (the database refuses the second: 409)', async () => {
      const training = await newTraining();
      const answers = await Promise.all([
        addParticipant(trainer.token, training.id, { fullName: 'Racing Person' }),
        addParticipant(iom, training.id, { fullName: 'racing person' }),
      ]);
      expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
      expectProblem(
        answers.find((res) => res.status === 409)!,
        409,
        'PARTICIPANT_DUPLICATE',
      );
      expect(await countNamed(training.id, 'racing person')).toBe(1);
    });

    it('refuses a duplicate written around the service too (unique index)', async () => {
      const training = await newTraining();
      const first = (await addParticipant(trainer.token, training.id).expect(201)).body;
      await expect(
        t.db.query(
          `INSERT INTO participants (training_id, full_name, name_key, sex, position, agency_id)
           SELECT training_id, full_name, name_key, sex, position, agency_id FROM participants WHERE id = $1`,
          [first.id],
        ),
      ).rejects.toThrow(/participant_identity_key/);
    });
  });

  describe('PUT /trainings/{id}/attendance', () => {
    it('records marks with who and when; sending them again changes nothing', async () => {
      const training = await newTraining();
      const p = (await addParticipant(trainer.token, training.id).expect(201)).body;
      const marks = DAYS.map((day) => ({ participantId: p.id, day, status: 'present' }));
      const first = await as(t.http, trainer.token)
        .put(`/trainings/${training.id}/attendance`)
        .send({ marks })
        .expect(200);
      expect(first.body.items).toEqual(
        DAYS.map((day) => ({
          participantId: p.id,
          day,
          status: 'present',
          recordedBy: trainer.user.id,
          recordedAt: expect.any(String),
        })),
      );
      const audit = async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM audit_log WHERE action = 'attendance.marked' AND entity_id = $1`,
            [p.id],
          )
        )[0].n;
      expect(await audit()).toBe(2);
      const again = await as(t.http, trainer.token)
        .put(`/trainings/${training.id}/attendance`)
        .send({ marks })
        .expect(200);
      expect(again.body.items).toEqual(first.body.items);
      expect(await audit()).toBe(2);
    });

    it('refuses a day outside the training, and writes none of the marks (400)', async () => {
      const training = await newTraining();
      const p = (await addParticipant(trainer.token, training.id).expect(201)).body;
      const res = await as(t.http, trainer.token)
        .put(`/trainings/${training.id}/attendance`)
        .send({
          marks: [
            { participantId: p.id, day: DAYS[0], status: 'present' },
            { participantId: p.id, day: t.day(-8), status: 'present' },
          ],
        });
      expect(expectProblem(res, 400).errors).toEqual([
        { field: 'marks[1].day', message: `${t.day(-8)} is not a day of this training` },
      ]);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM attendance_marks WHERE participant_id = $1`,
        [p.id],
      );
      expect(n).toBe(0);
    });

    it('refuses the same participant and day twice in one request (400), writing nothing', async () => {
      const training = await newTraining();
      const p = (await addParticipant(trainer.token, training.id).expect(201)).body;
      const mark = { participantId: p.id, day: DAYS[0], status: 'present' };
      const res = await as(t.http, trainer.token)
        .put(`/trainings/${training.id}/attendance`)
        .send({ marks: [mark, mark] });
      expect(expectProblem(res, 400).errors).toEqual([
        { field: 'marks[1]', message: 'the same participant and day as marks[0]' },
      ]);
    });

    it('refuses a participant of another training (400)', async () => {
      const [a, b] = [await newTraining(), await newTraining()];
      const stranger = (await addParticipant(trainer.token, b.id).expect(201)).body;
      const res = await as(t.http, trainer.token)
        .put(`/trainings/${a.id}/attendance`)
        .send({ marks: [{ participantId: stranger.id, day: DAYS[0], status: 'present' }] });
      expect(expectProblem(res, 400).errors?.[0].field).toBe('marks[0].participantId');
    });

    it('is for the training’s trainers only: another trainer and IOM get 403', async () => {
      const training = await newTraining();
      const p = (await addParticipant(trainer.token, training.id).expect(201)).body;
      const body = { marks: [{ participantId: p.id, day: DAYS[0], status: 'present' }] };
      expectProblem(
        await as(t.http, otherTrainer).put(`/trainings/${training.id}/attendance`).send(body),
        403,
      );
      expectProblem(await as(t.http, iom).put(`/trainings/${training.id}/attendance`).send(body), 403);
    });
  });

  // Completion over a training's days: test/integration/training-completion.int-spec.ts.
  describe('sign-in sheet import and the 37-participant summary', () => {
    let training: { id: string };
    let licences: string[];
    beforeAll(async () => {
      training = await newTraining({ title: 'Vientiane IRIS workshop' });
      licences = [];
      for (let i = 0; i < 24; i++) licences.push((await t.fx.agency()).licenceNumber);
    });
    const sheet = (rows: string[][]) =>
      stringify([['licenceNumber', 'fullName', 'sex', 'position', 'phone', 'email', ...DAYS], ...rows]);
    const importSheet = (csv: string, query = '') =>
      as(t.http, trainer.token)
        .post(`/trainings/${training.id}/attendance/import${query}`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(csv));

    it('imports 37 participants (23 women) from 24 agencies with their marks; the summary says so', async () => {
      const rows = Array.from({ length: 37 }, (_, i) => [
        licences[i % 24],
        `Participant ${i}`,
        i < 23 ? 'female' : 'male',
        'Recruitment officer',
        '',
        '',
        'present',
        i < 30 ? 'present' : i < 33 ? 'late' : 'absent',
      ]);
      const dry = await importSheet(sheet(rows), '?dryRun=true').expect(200);
      expect(dry.body).toMatchObject({ created: 37, dryRun: true });
      expect(
        (
          await t.db.query(`SELECT count(*)::int AS n FROM participants WHERE training_id = $1`, [
            training.id,
          ])
        )[0].n,
      ).toBe(0);
      const res = await importSheet(sheet(rows)).expect(200);
      expect(res.body).toMatchObject({ created: 37, updated: 0, rejected: [] });
      const summary = await as(t.http, iom).get(`/trainings/${training.id}/summary`).expect(200);
      expect(summary.body).toEqual({
        participants: 37,
        agencies: 24,
        bySex: { female: 23, male: 14, other: 0 },
        completed: 33,
        completionRate: 0.89,
        label: '37 participants (23F) from 24 agencies',
      });
      const again = await importSheet(sheet(rows)).expect(200);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 37 });
    });

    it('lists bad lines with their numbers and imports the good ones', async () => {
      const res = await importSheet(
        sheet([
          [licences[0], 'Good Person', 'male', 'Driver', '', '', 'present', 'present'],
          ['NO-SUCH-LICENCE', 'Lost Person', 'female', 'Clerk', '', '', 'present', ''],
          [licences[1], 'Bad Mark', 'female', 'Clerk', '', '', 'here', ''],
          [licences[2], 'Bad Sex', 'unknown', 'Clerk', 'abc', '', '', ''],
        ]),
      ).expect(200);
      expect(res.body.created).toBe(1);
      expect(res.body.rejected).toEqual([
        { line: 3, errors: [expect.objectContaining({ field: 'licenceNumber' })] },
        { line: 4, errors: [expect.objectContaining({ field: DAYS[0] })] },
        {
          line: 5,
          errors: expect.arrayContaining([
            expect.objectContaining({ field: 'sex' }),
            expect.objectContaining({ field: 'phone' }),
          ]),
        },
      ]);
    });

    it('treats one name listed twice for an agency as one person, whatever the case', async () => {
      const res = await importSheet(
        sheet([
          [licences[5], 'Noy Keomany', 'female', 'Clerk', '', '', 'present', ''],
          [licences[5], 'noy keomany', 'female', 'Clerk', '', '', 'late', 'present'],
        ]),
      ).expect(200);
      expect(res.body).toMatchObject({ created: 1, rejected: [] });
      const marks = await t.db.query(
        `SELECT m.day::text, m.status FROM attendance_marks m JOIN participants p ON p.id = m.participant_id
         WHERE p.training_id = $1 AND lower(p.full_name) = 'noy keomany' ORDER BY m.day`,
        [training.id],
      );
      expect(marks).toEqual([
        { day: DAYS[0], status: 'late' },
        { day: DAYS[1], status: 'present' },
      ]);
    });

    it('matches a sheet row to a participant added by hand, as POST …/participants compares names', async () => {
      const agency = (await as(t.http, iom).get(`/agencies?q=${licences[7]}`).expect(200)).body.items[0];
      const added = (
        await addParticipant(trainer.token, training.id, { fullName: 'Ngoc A\u0301nh', agencyId: agency.id })
      ).body;
      const res = await importSheet(
        sheet([[licences[7], ' NGOC  ÁNH ', 'female', 'Recruitment officer', '', '', 'present', 'present']]),
      ).expect(200);
      expect(res.body).toMatchObject({ created: 0, updated: 1, rejected: [] });
      const marks = await t.db.query(
        `SELECT participant_id FROM attendance_marks WHERE participant_id = $1`,
        [added.id],
      );
      expect(marks).toHaveLength(2);
    });

    it('keeps stored contacts when a sheet leaves them blank, and counts new marks as an update', async () => {
      const agency = (await as(t.http, iom).get(`/agencies?q=${licences[6]}`).expect(200)).body.items[0];
      await as(t.http, trainer.token)
        .post(`/trainings/${training.id}/participants`)
        .send({
          fullName: 'Contact Keeper',
          sex: 'male',
          position: 'Clerk',
          agencyId: agency.id,
          phone: '020 5555 7777',
          email: 'keeper@agency.la',
        })
        .expect(201);
      const res = await importSheet(
        sheet([[licences[6], 'Contact Keeper', 'male', 'Clerk', '', '', 'present', '']]),
      ).expect(200);
      expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      const [row] = await t.db.query(
        `SELECT phone, email FROM participants WHERE full_name = 'Contact Keeper'`,
      );
      expect(row).toEqual({ phone: '+856 20 55 557 777', email: 'keeper@agency.la' });
      const renamed = await importSheet(
        sheet([[licences[6], 'Contact Keeper', 'male', 'Director', '', '', 'present', '']]),
      ).expect(200);
      expect(renamed.body).toMatchObject({ updated: 1 });
      const [entry] = await t.db.query(
        `SELECT before, after FROM audit_log WHERE action = 'participant.updated' ORDER BY id DESC LIMIT 1`,
      );
      expect(entry).toMatchObject({ before: { position: 'Clerk' }, after: { position: 'Director' } });
    });

    it('pages the participants and the marks with totals', async () => {
      const participants = await as(t.http, iom)
        .get(`/trainings/${training.id}/participants?limit=10&offset=5`)
        .expect(200);
      expect(participants.body).toMatchObject({ total: expect.any(Number), limit: 10, offset: 5 });
      expect(participants.body.total).toBeGreaterThanOrEqual(37);
      expect(participants.body.items).toHaveLength(10);
      const marks = await as(t.http, iom).get(`/trainings/${training.id}/attendance?limit=50`).expect(200);
      expect(marks.body.total).toBeGreaterThan(70);
      expect(marks.body.items).toHaveLength(50);
    });

    const participant = (fullName: string) =>
      t.db
        .query(
          `SELECT p.phone, p.email, p.sex, array_agg(m.day::text || ' ' || m.status ORDER BY m.day) AS marks
             FROM participants p LEFT JOIN attendance_marks m ON m.participant_id = p.id
            WHERE p.training_id = $1 AND p.full_name = $2 GROUP BY p.id`,
          [training.id, fullName],
        )
        .then((rows) => rows[0]);

    it('imports a sheet as a spreadsheet saves it: ";", CRLF, BOM, any order and case, days as DD/MM/YYYY', async () => {
      const csv =
        '\uFEFF' +
        [
          `Full Name;SEX;${ddmmyyyy(DAYS[0])};licence_number;Position;${ddmmyyyy(DAYS[1])}`,
          `Vanh Sheetsaved;Female;Present;${licences[10]};Clerk;late`,
          `Dao Sheetsaved;male;present;${licences[11]};Driver;`,
        ].join('\r\n');
      const res = await importSheet(csv).expect(200);
      expect(res.body).toMatchObject({
        created: 2,
        rejected: [],
        format: { type: 'csv', delimiter: ';' },
      });
      expect(await participant('Vanh Sheetsaved')).toEqual({
        phone: null,
        email: null,
        sex: 'female',
        marks: [`${DAYS[0]} present`, `${DAYS[1]} late`],
      });
    });

    it('takes a phone written on the sheet as it is, and stores it in international format', async () => {
      const res = await importSheet(
        sheet([[licences[12], 'Phone Writer', 'female', 'Clerk', '+856 20 1234 5678', '', 'present', '']]),
      ).expect(200);
      expect(res.body).toMatchObject({ created: 1, rejected: [] });
      expect(await participant('Phone Writer')).toMatchObject({ phone: '+856 20 12 345 678' });
    });

    it('names a missing required column and an unknown one (400)', async () => {
      const missing = expectProblem(
        await importSheet(`fullName,sex,${DAYS[0]}\nX,male,present\n`),
        400,
        'CSV_REJECTED',
      );
      expect(missing.detail).toMatch(/missing columns: licenceNumber, position/);
      expect(missing.detail).toMatch(new RegExp(`one column per day of the training: ${DAYS.join(', ')}`));
      const unknown = expectProblem(
        await importSheet(`licenceNumber,fullName,sex,position,Signature\n${licences[0]},X,male,Y,\n`),
        400,
        'CSV_REJECTED',
      );
      expect(unknown.detail).toMatch(/unknown columns: Signature/);
    });

    it('imports an Excel sign-in sheet: days as date cells, a phone as a number, the sheet’s row numbers', async () => {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('Sign-in');
      sheet.addRow([
        'licenceNumber',
        'fullName',
        'sex',
        'position',
        'phone',
        ...DAYS.map((d) => new Date(`${d}T00:00:00Z`)),
      ]);
      sheet.addRow([licences[13], 'Excel Signer', 'female', 'Clerk', 2055551234, 'present', 'present']);
      sheet.addRow([]);
      sheet.addRow([licences[14], 'Excel Typo', 'female', 'Clerk', '', 'here', '']);
      sheet.getRow(1).numFmt = 'dd/mm/yyyy';
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      const res = await as(t.http, trainer.token)
        .post(`/trainings/${training.id}/attendance/import`)
        .attach('file', file, { filename: 'sign-in.xlsx', contentType: XLSX_TYPE })
        .expect(200);
      expect(res.body).toMatchObject({ created: 1, format: { type: 'xlsx', worksheet: 'Sign-in' } });
      expect(res.body.rejected).toEqual([{ line: 4, errors: [expect.objectContaining({ field: DAYS[0] })] }]);
      expect(await participant('Excel Signer')).toMatchObject({
        phone: '+856 20 55 551 234',
        marks: [`${DAYS[0]} present`, `${DAYS[1]} present`],
      });
    });

    it('refuses a day column that is not a day of the training (400)', async () => {
      const csv = stringify([
        ['licenceNumber', 'fullName', 'sex', 'position', 'phone', 'email', t.day(2)],
        [licences[0], 'X', 'male', 'Y', '', '', 'present'],
      ]);
      expect(expectProblem(await importSheet(csv), 400, 'CSV_REJECTED').detail).toMatch(
        new RegExp(`unknown columns: ${t.day(2)}`),
      );
    });

    it('serves a template with the training’s days as columns', async () => {
      const res = await as(t.http, trainer.token)
        .get(`/trainings/${training.id}/attendance/template.csv`)
        .expect(200);
      expect(res.text.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
        `licenceNumber,fullName,sex,position,phone,email,${DAYS.join(',')}`,
      );
    });

    it('is refused to another trainer (403)', async () => {
      const res = await as(t.http, otherTrainer)
        .post(`/trainings/${training.id}/attendance/import`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(sheet([])));
      expectProblem(res, 403);
    });
  });

  describe('GET /trainings/overview', () => {
    it('counts participants by sex and trained agencies per province', async () => {
      const res = await as(t.http, iom).get('/trainings/overview').expect(200);
      expect(res.body.participants).toBeGreaterThanOrEqual(37);
      expect(res.body.bySex.female).toBeGreaterThanOrEqual(23);
      expect(res.body.agenciesTrainedByProvince).toContainEqual({
        province: 'LA-VT',
        agenciesTrained: expect.any(Number),
      });
    });
  });
});
