import { ClientProxy, RmqRecord } from '@nestjs/microservices';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { signatureProblem, useSigningKey } from './message-signing';
import { runWithCorrelationId } from './request-context';
import { RemoteCallError, sendRpc } from './rpc-client';

useSigningKey('a-test-key-of-at-least-thirty-two-characters');

const client = (reply: Observable<unknown>) => ({ send: jest.fn().mockReturnValue(reply) }) as unknown as ClientProxy & { send: jest.Mock };

describe('sendRpc', () => {
  it('sends the correlation id, the caller deadline and the signature as headers', async () => {
    const fake = client(of({ revoked: true }));
    const before = Date.now();
    const reply = await runWithCorrelationId('req-42', () => sendRpc(fake, 'auth.session.revoke', { sessionId: 'x' }, 3000));
    expect(reply).toEqual({ revoked: true });
    const [pattern, record] = fake.send.mock.calls[0] as [string, RmqRecord];
    expect(pattern).toBe('auth.session.revoke');
    expect(record.data).toEqual({ sessionId: 'x' });
    expect(record.options?.headers?.['x-correlation-id']).toBe('req-42');
    const deadline = Number(record.options?.headers?.['x-deadline']);
    expect(deadline).toBeGreaterThanOrEqual(before + 3000);
    expect(deadline).toBeLessThan(before + 4000);
    expect(signatureProblem(pattern, record.data, record.options?.headers ?? {})).toBeUndefined();
  });

  it('turns silence into SERVICE.UNAVAILABLE naming the service', async () => {
    const error = await sendRpc(client(NEVER), 'catalog.health.check', {}, 50).catch((e) => e);
    expect(error).toBeInstanceOf(RemoteCallError);
    expect(error.remote).toEqual({
      code: 'SERVICE.UNAVAILABLE',
      message: expect.stringContaining('The catalog service did not answer within 50 ms. The request may still be carried out'),
      details: { service: 'catalog', mayComplete: true },
    });
  });

  it('passes a service\'s typed error through unchanged', async () => {
    const remote = { code: 'USERS.NOT_FOUND', message: 'No user with id 1', details: { id: '1' } };
    const error = await sendRpc(client(throwError(() => remote)), 'auth.users.list', {}, 1000).catch((e) => e);
    expect(error.remote).toEqual(remote);
  });
});
