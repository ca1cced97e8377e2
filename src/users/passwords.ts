import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 defaults to Argon2id (m=19 MiB, t=2, p=1), OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A real hash of a random string: verifying against it when the e-mail is unknown keeps timing flat. */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$mf+j+HxMcU23fLamr0FqsQ$fLQ0nzvktmEKQbdLFWOV6incDbqY3gJ4R4G9Ef2hHDw';

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? DUMMY_HASH, password);
    return ok && passwordHash !== undefined;
  } catch {
    return false;
  }
}
