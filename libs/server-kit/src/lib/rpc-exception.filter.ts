import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { ErrorCodes, RemoteError } from '@tideline/contracts';
import { Observable, throwError } from 'rxjs';
import { DomainError } from './domain-error';

const UNAVAILABLE = /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|the database system is (starting|shutting)/i;

/** Turns whatever a handler threw into the RemoteError its caller receives. */
@Catch()
export class RemoteErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RemoteErrorFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<RemoteError> {
    if (exception instanceof DomainError) return throwError(() => exception.toRemote());
    const text = exception instanceof Error ? exception.message : String(exception);
    if (UNAVAILABLE.test(text)) {
      return throwError(() => ({ code: ErrorCodes.serviceUnavailable, message: 'A dependency is unavailable; retry shortly' }));
    }
    this.logger.error(exception);
    return throwError(() => ({ code: ErrorCodes.internal, message: 'Internal error' }));
  }
}
