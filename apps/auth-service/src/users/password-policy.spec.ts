import { ErrorCodes } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { PasswordPolicy } from './password-policy';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy();
  const user = { email: 'jane.doe@tideline.local', name: 'Jane Doe' };

  function refusal(password: string): DomainError {
    try {
      policy.check(password, user);
    } catch (error) {
      return error as DomainError;
    }
    throw new Error(`"${password}" was accepted`);
  }

  it.each(['password123', 'qwertyuiop', 'aaaaaaaaaaaa', '1234567890', 'Password1!', 'janedoe2026', 'tideline2026'])('refuses %s, naming the field and why', (password) => {
    const error = refusal(password);
    expect(error.code).toBe(ErrorCodes.validationFailed);
    expect(error.message).toMatch(/^password is too easy to guess/);
    expect(error.details).toMatchObject({ field: 'password', minScore: 3 });
  });

  it('says what makes a common password weak', () => {
    expect(refusal('password123').message).toContain('commonly used password');
  });

  it.each(['correct horse battery staple', 'Temp-Analyst-7341', 'a-long-password', 'x7#Kq!9vLm2$'])('accepts %s', (password) => {
    expect(() => policy.check(password, user)).not.toThrow();
  });
});
