import { Role } from '../../src/common/role';
import { createTestApp } from '../utils/app';
import { as } from '../utils/http';

// Its own file: nestjs-pino keeps its root logger in a static, so the first app of a file sets the level.
const trainingBody = (days: string[]) => ({
  title: 'IRIS ethical recruitment training',
  venue: 'Lao Plaza Hotel, Vientiane',
  province: 'LA-VT',
  organiser: 'IOM and MoLSW',
  days,
});

describe('participants’ personal data', () => {
  it('never reaches the logs, even at trace level and on errors', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const t = await createTestApp({ env: { LOG_LEVEL: 'trace' } });
    try {
      const iom = await t.fx.tokenFor(Role.Iom);
      const agency = await t.fx.agency();
      const trainer = await t.fx.user({ roles: [Role.Trainer] });
      const training = (
        await as(t.http, iom)
          .post('/trainings')
          .send({ ...trainingBody([t.day(-10), t.day(-9)]), trainerIds: [trainer.id] })
          .expect(201)
      ).body;
      const person = {
        fullName: 'Phetsamone Secretname',
        phone: '020 5999 8877',
        email: 'phetsamone.secret@mail.la',
      };
      await as(t.http, iom)
        .post(`/trainings/${training.id}/participants`)
        .send({ ...person, sex: 'female', position: 'Clerk', agencyId: agency.id })
        .expect(201);
      await as(t.http, iom)
        .post(`/trainings/${training.id}/participants`)
        .send({ ...person, sex: 'nope', position: 'Clerk', agencyId: agency.id })
        .expect(400);
      await as(t.http, iom).get(`/trainings/${training.id}/participants`).expect(200);
    } finally {
      await t.close();
      spy.mockRestore();
    }
    const log = written.join('');
    expect(log).toContain('"url":"/api/v1/trainings'); // the log was captured
    expect(log).not.toMatch(/Secretname|5999 8877|phetsamone\.secret/);
  });
});
