import canonicalize from 'canonicalize';
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** Ed25519 signatures over canonical JSON (RFC 8785), with RFC 7638 key ids. Pure apart from crypto. */

export const SIGNATURE_ALGORITHM = 'Ed25519';

export interface Ed25519Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** RFC 8785 JSON: keys sorted, no whitespace, numbers and strings in their one canonical form. */
export function canonicalJson(data: unknown): string {
  const text = canonicalize(data);
  if (text === undefined) throw new TypeError('cannot canonicalise undefined');
  return text;
}

/** Reads an Ed25519 private key (PKCS#8 PEM); throws a sentence naming what is wrong. */
export function readPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('the certificate signing key is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the certificate signing key is ${key.asymmetricKeyType}, not Ed25519`);
  }
  return key;
}

export function publicJwkOf(key: KeyObject): Ed25519Jwk {
  const { kty, crv, x } = createPublicKey(key).export({ format: 'jwk' });
  return { kty: kty as 'OKP', crv: crv as 'Ed25519', x: x! };
}

/** RFC 7638 thumbprint: SHA-256 of the required members in canonical order, base64url. */
export function keyIdOf(jwk: Ed25519Jwk): string {
  return createHash('sha256')
    .update(canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
    .digest('base64url');
}

/** The base64url Ed25519 signature of the UTF-8 bytes of `text`. */
export function signText(text: string, key: KeyObject): string {
  return sign(null, Buffer.from(text, 'utf8'), key).toString('base64url');
}

export function publicKeyOf(jwk: Ed25519Jwk): KeyObject {
  return createPublicKey({ key: { ...jwk }, format: 'jwk' });
}

/** Whether `signature` (base64url) is the key's signature of `text`; false for anything malformed. */
export function verifyText(text: string, signature: string, publicKey: Ed25519Jwk | KeyObject): boolean {
  try {
    const key = publicKey instanceof KeyObject ? publicKey : publicKeyOf(publicKey);
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** A JWS in compact form (RFC 7515) with EdDSA (RFC 8037), read back; nothing verified yet. */
export interface CompactJws {
  header: { alg?: unknown; kid?: unknown; typ?: unknown };
  payload: unknown;
  /** `header.payload` as sent: what the signature covers. */
  signingInput: string;
  signature: string;
}

/**
 * `payload` (canonical JSON) as a compact JWS signed by `sign` with the key `keyId`: three base64url
 * parts, so any JOSE library can check it with the key of `GET /public/keys`.
 */
export function signCompact(
  payload: unknown,
  header: { kid: string; typ: string },
  sign: (text: string) => string,
): string {
  const part = (data: unknown) => Buffer.from(canonicalJson(data), 'utf8').toString('base64url');
  const signingInput = `${part({ alg: 'EdDSA', ...header })}.${part(payload)}`;
  return `${signingInput}.${sign(signingInput)}`;
}

/** The parts of a compact JWS, or null when `token` is not one. */
export function readCompact(token: string): CompactJws | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return null;
  try {
    const [header, payload] = parts
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown);
    if (typeof header !== 'object' || header === null) return null;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: parts[2] };
  } catch {
    return null;
  }
}
