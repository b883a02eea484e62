import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ErrorCodes } from '@tideline/contracts';
import { RemoteCallError } from '@tideline/server-kit';
import type { Request, Response } from 'express';

/** The one place where domain error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<string, number> = {
  [ErrorCodes.validationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCodes.invalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.tokenInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.refreshReused]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.sessionRevoked]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.userDisabled]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.userNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCodes.emailTaken]: HttpStatus.CONFLICT,
  [ErrorCodes.lastAdmin]: HttpStatus.CONFLICT,
  [ErrorCodes.notFound]: HttpStatus.NOT_FOUND,
  [ErrorCodes.conflict]: HttpStatus.CONFLICT,
  [ErrorCodes.forbidden]: HttpStatus.FORBIDDEN,
  'MESSAGE.DUPLICATE': HttpStatus.CONFLICT,
  [ErrorCodes.idempotencyKeyReused]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCodes.serviceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: ErrorCodes.validationFailed,
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'HTTP.NOT_FOUND',
  413: 'HTTP.PAYLOAD_TOO_LARGE',
  429: 'HTTP.TOO_MANY_REQUESTS',
};

export interface HttpErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Every error leaves the gateway as `{statusCode, code, message, details?}`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception);
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    // Refused before its body was read (an upload over a limit, say): the rest of the body is
    // never read, so the connection cannot carry another request. Say so, or the client reuses it
    // and its next request meets a reset.
    if (http.getRequest<Request | undefined>()?.complete === false) response.setHeader('Connection', 'close');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): HttpErrorBody {
    if (exception instanceof RemoteCallError) {
      const { code, message, details } = exception.remote;
      return { statusCode: STATUS_BY_CODE[code] ?? HttpStatus.INTERNAL_SERVER_ERROR, code, message, details };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response) {
        return { statusCode, ...(response as Omit<HttpErrorBody, 'statusCode'>) };
      }
      const raw = typeof response === 'string' ? response : (response as { message?: string | string[] }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? exception.message);
      return { statusCode, code: CODE_BY_STATUS[statusCode] ?? `HTTP.${statusCode}`, message };
    }
    const client = clientError(exception);
    if (client) return client;
    return { statusCode: 500, code: ErrorCodes.internal, message: 'Internal error' };
  }
}

/**
 * Errors the body parser raises before Nest sees the request (http-errors with a 4xx `status`
 * and `expose`): a body over the size limit, a body that is not JSON, a bad encoding. They are
 * the caller's to fix, so they keep their status, with a sentence saying what to change.
 */
function clientError(exception: unknown): HttpErrorBody | null {
  const error = exception as { status?: unknown; expose?: unknown; type?: unknown; limit?: unknown; message?: unknown } | null;
  if (typeof error !== 'object' || error === null || typeof error.status !== 'number' || error.status < 400 || error.status >= 500 || error.expose !== true) {
    return null;
  }
  const message =
    error.type === 'entity.too.large'
      ? `The request body is larger than the ${Number(error.limit).toLocaleString('en')} bytes allowed`
      : `The request body could not be read: ${String(error.message)}`;
  return { statusCode: error.status, code: CODE_BY_STATUS[error.status] ?? `HTTP.${error.status}`, message };
}
