import { HttpErrorResponse } from '@angular/common/http';
import type { RemoteError } from '@tideline/contracts';

/** The JSON body of every gateway error response. */
export interface ApiErrorBody extends RemoteError {
  statusCode: number;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).message === 'string' &&
    typeof (value as ApiErrorBody).code === 'string'
  );
}

/** The sentence to show a user for a failed request: the gateway's own `message` when it sent one. */
export function apiErrorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (!(error instanceof HttpErrorResponse)) {
    return fallback;
  }
  if (isApiErrorBody(error.error)) {
    return error.error.message;
  }
  if (error.status === 0) {
    return 'Cannot reach the Tideline server. Check your connection and try again.';
  }
  if (error.status >= 500) {
    return `The Tideline server could not complete the request (${error.status}). Please try again shortly.`;
  }
  return fallback;
}
