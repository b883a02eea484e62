import { PasswordHasher } from './password-hasher';

// Also proves that argon2's native binary loads: npm skips install scripts here (see README).
describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(hasher.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'wrong')).resolves.toBe(false);
  });

  it('answers false for an unknown user after doing the same work', async () => {
    await expect(hasher.verify(undefined, 'anything')).resolves.toBe(false);
  });

  it('answers false, not an error, for a corrupt stored hash', async () => {
    await expect(hasher.verify('not-a-hash', 'anything')).resolves.toBe(false);
  });
});
