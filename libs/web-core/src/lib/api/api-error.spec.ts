import { HttpErrorResponse } from '@angular/common/http';
import { apiErrorMessage } from './api-error';

describe('apiErrorMessage', () => {
  it('shows the gateway message', () => {
    const error = new HttpErrorResponse({
      status: 401,
      error: { statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS', message: 'Email or password is incorrect.' },
    });
    expect(apiErrorMessage(error)).toBe('Email or password is incorrect.');
  });

  it('explains an unreachable server', () => {
    expect(apiErrorMessage(new HttpErrorResponse({ status: 0 }))).toBe(
      'Cannot reach the Tideline server. Check your connection and try again.',
    );
  });

  it('names the status of a server failure without a JSON body', () => {
    expect(apiErrorMessage(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }))).toBe(
      'The Tideline server could not complete the request (502). Please try again shortly.',
    );
  });

  it('falls back for anything else', () => {
    expect(apiErrorMessage(new Error('boom'), 'Sign-in failed.')).toBe('Sign-in failed.');
  });
});
