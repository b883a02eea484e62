import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { GATEWAY_REDIS } from './gateway-redis.token';


const REMEMBERED_S = 30 * 86_400;

/** The account a login names, however its email is spelled. */
export const loginAccount = (req: { body?: unknown }) => String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase();

/**
 * The addresses each account has signed in from in the last 30 days. The per-account login limit
 * counts only attempts from other addresses, so someone guessing an account's password from
 * elsewhere cannot lock its owner out.
 */
@Injectable()
export class KnownAddresses {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  async isKnown(account: string, address: string | undefined): Promise<boolean> {
    return address !== undefined && (await this.redis.sismember(this.key(account), address)) === 1;
  }

  async remember(account: string, address: string | undefined): Promise<void> {
    if (address === undefined) return;
    await this.redis.multi().sadd(this.key(account), address).expire(this.key(account), REMEMBERED_S).exec();
  }

  /** Hashed: the keys do not list who has an account. */
  private key(account: string): string {
    return `login-known:${createHash('sha256').update(account).digest('hex')}`;
  }
}
