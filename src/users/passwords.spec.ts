import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with Argon2id, salted', async () => {
    const [a, b] = await Promise.all([
      hashPassword('correct horse battery'),
      hashPassword('correct horse battery'),
    ]);
    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    await expect(verifyPassword(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'Correct horse battery')).resolves.toBe(false);
  });

  it('never verifies when there is no user to compare with', async () => {
    await expect(verifyPassword(undefined, 'anything at all')).resolves.toBe(false);
  });

  it('treats a corrupt stored hash as a mismatch, not a crash', async () => {
    await expect(verifyPassword('not-a-hash', 'anything at all')).resolves.toBe(false);
  });
});
