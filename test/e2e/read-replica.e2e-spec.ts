import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database.options';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { createTestDatabase } from '../utils/database';
import { as } from '../utils/http';

/** The name of the database a query runner in `mode` reaches. */
async function databaseOf(db: DataSource, mode: 'master' | 'slave'): Promise<string> {
  const runner = db.createQueryRunner(mode);
  try {
    const [{ name }] = await runner.query(`SELECT current_database() AS name`);
    return name;
  } finally {
    await runner.release();
  }
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);

// A second clone stands in for a streaming replica: rows written only there show where each read went.
describe('DATABASE_READ_URLS: public reads on a replica, everything else on the primary', () => {
  let replica: { url: string; drop: () => Promise<void> };
  let t: TestApp;
  let staffToken: string;
  let onPrimary: { id: string };
  const onReplica = { id: '5b0f6f3e-0000-4000-8000-000000000001', licenceNumber: 'RA-REPLICA-0001' };

  beforeAll(async () => {
    replica = await createTestDatabase();
    t = await createTestApp({ env: { DATABASE_READ_URLS: replica.url } });
    staffToken = await t.fx.tokenFor(Role.Ministry);
    onPrimary = await t.fx.agency({ nameEn: 'Only On The Primary Co., Ltd.' });
    const client = new Client({ connectionString: replica.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO agencies (id, licence_number, name_lo, name_en, licence_issued_on, licence_expires_on,
           province, district, address, phone, destination_countries, contact_person, version)
         VALUES ($1, $2, 'ບໍລິສັດ ສຳເນົາ ຈຳກັດ', 'Only On The Replica Co., Ltd.', $3, $4,
           'LA-VT', 'Xaysetha', 'Ban Phonxay', '+856 21 000 000', '{TH}', 'Somchai', 1)`,
        [onReplica.id, onReplica.licenceNumber, t.day(-700), t.day(1100)],
      );
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await t?.close();
    await replica?.drop();
  });

  it("routes 'slave' query runners to the replica and the rest to the primary", async () => {
    expect(await databaseOf(t.db, 'slave')).toBe(nameOf(replica.url));
    expect(await databaseOf(t.db, 'master')).toBe(nameOf(t.databaseUrl));
  });

  it('lists the public registry from the replica', async () => {
    const res = await request(t.http).get('/api/v1/public/agencies').expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([onReplica.id]);
  });

  it('shows a public agency profile from the replica', async () => {
    await request(t.http).get(`/api/v1/public/agencies/${onReplica.id}`).expect(200);
    await request(t.http).get(`/api/v1/public/agencies/${onPrimary.id}`).expect(404);
  });

  it('lists agencies for signed-in staff from the primary', async () => {
    const res = await as(t.http, staffToken).get('/agencies').expect(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([onPrimary.id]);
  });

  it("without DATABASE_READ_URLS, a 'slave' query runner is the primary", async () => {
    const db = await new DataSource({ ...databaseOptions(t.databaseUrl), logging: false }).initialize();
    try {
      expect(await databaseOf(db, 'slave')).toBe(nameOf(t.databaseUrl));
    } finally {
      await db.destroy();
    }
  });
});
