import { ArgumentsHost, BadRequestException, ForbiddenException } from '@nestjs/common';
import { RemoteCallError } from '@tideline/server-kit';
import { HttpErrorFilter } from './http-error.filter';

function respond(exception: unknown) {
  const json = jest.fn();
  const status = jest.fn().mockReturnValue({ json });
  const host = { switchToHttp: () => ({ getResponse: () => ({ status }), getRequest: () => ({ complete: true }) }) } as unknown as ArgumentsHost;
  new HttpErrorFilter().catch(exception, host);
  return { status: status.mock.calls[0][0], body: json.mock.calls[0][0] };
}

describe('HttpErrorFilter', () => {
  it.each([
    ['AUTH.INVALID_CREDENTIALS', 401],
    ['AUTH.REFRESH_REUSED', 401],
    ['USERS.NOT_FOUND', 404],
    ['USERS.EMAIL_TAKEN', 409],
    ['VALIDATION.FAILED', 400],
    ['SERVICE.UNAVAILABLE', 503],
    ['SOMETHING.UNMAPPED', 500],
  ])('maps the service error %s to HTTP %i with its message', (code, expected) => {
    const { status, body } = respond(new RemoteCallError({ code, message: 'why', details: { a: 1 } }));
    expect(status).toBe(expected);
    expect(body).toEqual({ statusCode: expected, code, message: 'why', details: { a: 1 } });
  });

  it('keeps the code and field details of a validation failure', () => {
    const { body } = respond(new BadRequestException({ code: 'VALIDATION.FAILED', message: 'bad', details: { fields: { x: ['bad'] } } }));
    expect(body).toEqual({ statusCode: 400, code: 'VALIDATION.FAILED', message: 'bad', details: { fields: { x: ['bad'] } } });
  });

  it('gives plain HTTP errors a code', () => {
    expect(respond(new ForbiddenException('nope')).body).toEqual({ statusCode: 403, code: 'AUTH.FORBIDDEN', message: 'nope' });
  });

  it("keeps the 4xx of the body parser's own errors, saying what to change", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large', limit: 102400 });
    expect(respond(tooLarge).body).toEqual({ statusCode: 413, code: 'HTTP.PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 102,400 bytes allowed' });
    const internal = Object.assign(new Error('stream is not readable'), { status: 500, expose: false });
    expect(respond(internal).body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal error' });
  });

  it('never leaks an unexpected error', () => {
    expect(respond(new Error('secret stack detail')).body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal error' });
  });
});
