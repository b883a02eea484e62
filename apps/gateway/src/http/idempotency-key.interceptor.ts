import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { runWithIdempotencyKey } from '@tideline/server-kit';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { Observable } from 'rxjs';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/** What a client may send as a key: a UUID or any other 1-200 visible ASCII characters. */
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * `Idempotency-Key` on a signed-in POST: the services run the request at most once per user and
 * key (runOnce, which keeps the first answer), so a client that got no answer (a timeout, a cut
 * connection) retries safely and gets the first answer; the same key with another request is
 * refused with 422. The key is scoped to the user, so two users' keys never meet.
 */
@Injectable()
export class IdempotencyKeyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const key = request.header('idempotency-key');
    if (key === undefined || request.method !== 'POST' || !request.user) return next.handle();
    if (!KEY.test(key)) throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID, for example)');
    const scoped = `idem:${createHash('sha256').update(`${request.user.id}\n${key}`).digest('base64url')}`;
    return new Observable((subscriber) => runWithIdempotencyKey(scoped, () => next.handle().subscribe(subscriber)));
  }
}
