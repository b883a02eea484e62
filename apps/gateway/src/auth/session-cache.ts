import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { UserView, VerifiedSession } from '@tideline/contracts';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { GatewayEnv } from '../gateway.env';
import { GATEWAY_REDIS } from './gateway-redis.token';

/** The channel on which gateways tell each other that sessions ended. */
const ENDED_CHANNEL = 'sessions-ended';
/** Live sessions remembered per gateway instance (a few hundred bytes each). */
const MAX_SESSIONS = 50_000;

/** What ended: one session, or every session of a user (disabled, roles changed, password reset). */
export type SessionsEnded = { sessionId: string } | { userId: string };

/**
 * The auth service's answer to "is this session alive, and who is it now?", remembered for
 * SESSION_CACHE_SECONDS, so that a request does not pay a broker round trip and a database read
 * for it each time. What ends a session through the gateway (logout, refresh-token reuse, a user
 * disabled, their roles changed or password reset) forgets it here at once and, through Redis,
 * in every other gateway instance; SESSION_CACHE_SECONDS bounds how long any gateway that missed
 * the news (Redis away) goes on believing it, and no session is remembered past its maximum age.
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionCache.name);
  private readonly live: LRUCache<string, UserView> | null;
  private readonly ttlMs: number;
  private subscriber?: Redis;

  constructor(
    env: GatewayEnv,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {
    this.ttlMs = env.SESSION_CACHE_SECONDS * 1000;
    this.live = this.ttlMs > 0 ? new LRUCache({ max: MAX_SESSIONS, ttl: this.ttlMs }) : null;
  }

  async onModuleInit(): Promise<void> {
    if (!this.live) return;
    // A subscribed connection can do nothing else: a second one (same prefix, which channels do not take).
    this.subscriber = this.redis.duplicate({ lazyConnect: false, enableOfflineQueue: true });
    this.subscriber.on('error', () => undefined); // it reconnects by itself; the TTL covers what it misses
    this.subscriber.on('message', (_channel, message) => this.forget(JSON.parse(message) as SessionsEnded));
    await this.subscriber.subscribe(this.channel()).catch((error) => this.logger.warn(`Not told of sessions ended elsewhere: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  /**
   * The session's user, remembered or asked for (`ask`: the auth service's verification); never
   * remembered past the session's end (its maximum age).
   */
  async verify(userId: string, sessionId: string, ask: () => Promise<VerifiedSession>): Promise<UserView> {
    const key = `${userId} ${sessionId}`;
    const known = this.live?.get(key);
    if (known) return known;
    const { sessionEndsAt, ...user } = await ask();
    const left = Date.parse(sessionEndsAt) - Date.now();
    if (this.live && left > 0) this.live.set(key, user, { ttl: Math.min(this.ttlMs, left) });
    return user;
  }

  /** Forgets what ended here, and tells the other gateways (best effort: their TTL is the bound). */
  async ended(what: SessionsEnded): Promise<void> {
    this.forget(what);
    if (!this.live) return;
    await this.redis.publish(this.channel(), JSON.stringify(what)).catch((error) => this.logger.warn(`Could not tell other gateways: ${error.message}`));
  }

  private forget(what: SessionsEnded): void {
    if (!this.live) return;
    for (const key of [...this.live.keys()]) {
      const [userId, sessionId] = key.split(' ');
      if ('sessionId' in what ? sessionId === what.sessionId : userId === what.userId) this.live.delete(key);
    }
  }

  private channel(): string {
    return `${this.redis.options.keyPrefix ?? ''}${ENDED_CHANNEL}`;
  }
}
