import { generateKeyPairSync } from 'node:crypto';
import {
  canonicalJson,
  keyIdOf,
  publicJwkOf,
  readCompact,
  readPrivateKey,
  signCompact,
  signText,
  verifyText,
} from './signing';

const { privateKey } = generateKeyPairSync('ed25519');
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys at every level and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: 'ໃບຢັ້ງຢືນ', c: [2, 1] } })).toBe(
      '{"a":{"c":[2,1],"d":"ໃບຢັ້ງຢືນ"},"b":1}',
    );
  });

  it('gives equal data one text, whatever the key order', () => {
    expect(canonicalJson({ number: 'IRIS-LA-2026-0001', issuedOn: '2026-11-24' })).toBe(
      canonicalJson({ issuedOn: '2026-11-24', number: 'IRIS-LA-2026-0001' }),
    );
  });
});

describe('Ed25519 signing', () => {
  const key = readPrivateKey(pem);
  const jwk = publicJwkOf(key);

  it('verifies its own signature and nothing else', () => {
    const text = canonicalJson({ number: 'IRIS-LA-2026-0001' });
    const signature = signText(text, key);
    expect(verifyText(text, signature, jwk)).toBe(true);
    expect(verifyText(text.replace('0001', '0002'), signature, jwk)).toBe(false);
    expect(verifyText(text, signature.slice(1), jwk)).toBe(false);
    expect(verifyText(text, signature, publicJwkOf(generateKeyPairSync('ed25519').privateKey))).toBe(false);
  });

  it('names the key by its RFC 7638 thumbprint (the RFC 8037 example key)', () => {
    const example = {
      kty: 'OKP' as const,
      crv: 'Ed25519' as const,
      x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
    };
    expect(keyIdOf(example)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('refuses a key that is not an Ed25519 private key, saying what it is', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    expect(() => readPrivateKey(rsa.toString())).toThrow('is rsa, not Ed25519');
    expect(() => readPrivateKey('not a key')).toThrow('not a PEM private key');
  });
});

describe('compact JWS (RFC 7515, EdDSA)', () => {
  const key = readPrivateKey(pem);
  const jwk = publicJwkOf(key);
  const payload = { type: 'IRIS-LA training completion', trainingId: 't', training: { title: 'ການຝຶກອົບຮົມ' } };

  it('reads back what it signed, and the signature verifies over header.payload', () => {
    const token = signCompact(payload, { kid: keyIdOf(jwk), typ: 'iris-la-seal+jws' }, (text) =>
      signText(text, key),
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const jws = readCompact(token)!;
    expect(jws.header).toEqual({ alg: 'EdDSA', kid: keyIdOf(jwk), typ: 'iris-la-seal+jws' });
    expect(jws.payload).toEqual(payload);
    expect(verifyText(jws.signingInput, jws.signature, jwk)).toBe(true);
  });

  it('reads nothing from a malformed token', () => {
    for (const token of ['', 'a.b', 'a.b.c.d', 'e30.e30.!!', 'bm90IGpzb24.e30.c2ln', 'bnVsbA.e30.c2ln']) {
      expect({ token, read: readCompact(token) }).toEqual({ token, read: null });
    }
  });
});
