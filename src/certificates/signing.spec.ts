import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson, keyIdOf, publicJwkOf, readPrivateKey, signText, verifyText } from './signing';

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
