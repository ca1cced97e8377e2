import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';

const newKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

interface Jwk {
  kid: string;
  current: boolean;
}

describe('Certificate signing keys', () => {
  describe('after a key rotation', () => {
    let before: TestApp;
    let after: TestApp;

    beforeAll(async () => {
      before = await createTestApp({ env: { CERTIFICATE_SIGNING_KEY: newKey() } });
      // The same database, restarted with a new key (given with escaped line breaks, as in a .env file).
      after = await createTestApp({
        databaseUrl: before.databaseUrl,
        env: { CERTIFICATE_SIGNING_KEY: newKey().replace(/\n/g, '\\n') },
      });
    });
    afterAll(async () => {
      await after.close();
      await before.close();
    });

    it('signs new certificates with the new key, lists both keys, and old certificates still verify', async () => {
      const auditor = await before.fx.user({ roles: [Role.Auditor] });
      const old = await before.fx.caseIn(Stage.Certified, auditor);
      const renewed = await after.fx.caseIn(Stage.Certified, auditor);
      const read = async (number: string) =>
        (await request(after.http).get(`/api/v1/public/certificates/${number}`).expect(200)).body;
      const [oldCertificate, newCertificate] = [
        await read(old.certificateNumber!),
        await read(renewed.certificateNumber!),
      ];
      expect(oldCertificate.signature.keyId).not.toBe(newCertificate.signature.keyId);
      expect([oldCertificate.signatureValid, newCertificate.signatureValid]).toEqual([true, true]);
      const { keys } = (await request(after.http).get('/api/v1/public/keys').expect(200)).body as {
        keys: Jwk[];
      };
      expect(keys.map((k) => [k.kid, k.current])).toEqual([
        [newCertificate.signature.keyId, true],
        [oldCertificate.signature.keyId, false],
      ]);
      const added = await after.db.query(
        `SELECT entity_id FROM audit_log WHERE action = 'signing_key.added' ORDER BY id`,
      );
      expect(added.map((row: { entity_id: string }) => row.entity_id)).toEqual([
        oldCertificate.signature.keyId,
        newCertificate.signature.keyId,
      ]);
    });
  });

  it('outside production, generates a key once under DATA_DIR (mode 0600) and keeps it', async () => {
    const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'iris-keys-'));
    const kidOf = async (t: TestApp) =>
      ((await request(t.http).get('/api/v1/public/keys').expect(200)).body.keys as Jwk[]).find(
        (k) => k.current,
      )!.kid;
    const first = await createTestApp({ env: { DATA_DIR } });
    const kid = await kidOf(first);
    await first.close();
    const file = path.join(DATA_DIR, 'certificate-signing-key.pem');
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(statSync(file).mode & 0o077).toBe(0);
    const second = await createTestApp({ env: { DATA_DIR } });
    expect(await kidOf(second)).toBe(kid);
    await second.close();
  });

  it('refuses to start with a key that is not Ed25519, naming the variable', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    await expect(createTestApp({ env: { CERTIFICATE_SIGNING_KEY: rsa.toString() } })).rejects.toThrow(
      'Invalid configuration: CERTIFICATE_SIGNING_KEY: the certificate signing key is rsa, not Ed25519',
    );
  });
});
