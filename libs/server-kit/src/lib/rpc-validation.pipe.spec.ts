import { ArgumentMetadata } from '@nestjs/common';
import { LoginRequest } from '@tideline/contracts';
import { DomainError } from './domain-error';
import { rpcValidationPipe } from './rpc-validation.pipe';

describe('rpcValidationPipe', () => {
  const metadata: ArgumentMetadata = { type: 'body', metatype: LoginRequest };

  it('refuses unknown and malformed fields with VALIDATION.FAILED naming each field', async () => {
    const error = await rpcValidationPipe()
      .transform({ email: 'nope', password: 'x', admin: true }, metadata)
      .catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.toRemote()).toEqual({
      code: 'VALIDATION.FAILED',
      message: 'property admin should not exist; email must be an email address',
      details: { fields: { email: ['email must be an email address'], admin: ['property admin should not exist'] } },
    });
  });

  it('normalises the email of a valid request', async () => {
    const value = await rpcValidationPipe().transform({ email: ' Ana@Example.COM ', password: 'pw' }, metadata);
    expect(value).toEqual(Object.assign(new LoginRequest(), { email: 'ana@example.com', password: 'pw' }));
  });
});
