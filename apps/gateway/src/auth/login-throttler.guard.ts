import { ExecutionContext, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { KnownAddresses, loginAccount } from './known-addresses';

/** The per-account limit's name (see AppModule); the per-address one is the default. */
export const ACCOUNT_LIMIT = 'login-account';

/**
 * The login limits, kept in Redis so that every gateway instance counts together:
 * - per address, and per account for addresses the account never signed in from (its owner is
 *   never locked out by someone guessing elsewhere);
 * - a 429 carries the standard `Retry-After` (seconds) whichever limit was hit (the throttler only
 *   names its own `Retry-After-<limit>` headers, which clients that wait as told do not read);
 * - with Redis away, login answers 503 rather than going unlimited.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly known: KnownAddresses,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    try {
      if (props.throttler.name === ACCOUNT_LIMIT) {
        const req = props.context.switchToHttp().getRequest<Request>();
        if (await this.known.isKnown(loginAccount(req), req.ip)) return true;
      }
      return await super.handleRequest(props);
    } catch (error) {
      if ((error as { getStatus?: () => number }).getStatus?.() === 429) throw error;
      throw new ServiceUnavailableException('Sign-in is unavailable for a moment: its limits cannot be checked (Redis does not answer)');
    }
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    return super.throwThrottlingException(context, detail);
  }
}
