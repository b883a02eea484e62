import { ConflictException, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { ErrorCodes, UploadStatus } from '@tideline/contracts';
import type { Redis } from 'ioredis';
import { GATEWAY_REDIS } from '../auth/gateway-redis.token';

/** The first answer to an upload, and what identifies its file. */
export interface UploadAnswer {
  id: string;
  status: UploadStatus;
}
interface Kept {
  answer: UploadAnswer;
  sha256: string;
}

/** A key's first answer is kept as long as the services keep theirs (processed_messages). */
const KEPT_S = 24 * 3600;
/** Long enough for the largest upload to stream; a gateway that died mid-upload frees the key after it. */
const PENDING_S = 15 * 60;
const PENDING = 'pending';

/**
 * `Idempotency-Key` on an upload. An upload is many messages (chunks, then a seal), not one request
 * a service can run once, so the gateway keeps the key itself, in its Redis, per user for 24 h:
 * - the first request claims the key while it streams, and keeps its answer and the file's SHA-256
 *   once every chunk is queued; a request that fails frees the key for a retry;
 * - a repeat of the same file gets the first answer (nothing is queued again); another file, 422;
 * - a repeat while the first is still streaming, 409.
 * If Redis loses the key (it keeps nothing on disk), a retry is a second upload of the same rows:
 * sales are stored by week, store and product, so the data stays the same; only the job is twice.
 */
@Injectable()
export class UploadKeys {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  /** True when this request claimed the key; otherwise the first request's answer (or 409 while it runs). */
  async claim(key: string): Promise<true | Kept> {
    const claimed = await this.redis.set(this.redisKey(key), PENDING, 'EX', PENDING_S, 'NX');
    if (claimed === 'OK') return true;
    const kept = await this.redis.get(this.redisKey(key));
    if (kept === null) return this.claim(key); // expired between the two commands
    if (kept === PENDING) {
      throw new ConflictException({
        code: ErrorCodes.conflict,
        message: 'An upload with this Idempotency-Key is still being received; wait for its answer, or retry in a moment',
      });
    }
    return JSON.parse(kept) as Kept;
  }

  keep(key: string, kept: Kept): Promise<unknown> {
    return this.redis.set(this.redisKey(key), JSON.stringify(kept), 'EX', KEPT_S);
  }

  release(key: string): Promise<unknown> {
    return this.redis.del(this.redisKey(key));
  }

  /** The first answer for a repeat of the same file; 422 for another file under the same key. */
  repeat(kept: Kept, sha256: string): UploadAnswer {
    if (kept.sha256 === sha256) return kept.answer;
    throw new UnprocessableEntityException({
      code: ErrorCodes.idempotencyKeyReused,
      message: 'This Idempotency-Key was used with a different file; use a new key for a new upload',
    });
  }

  private redisKey(key: string): string {
    return `upload-${key}`;
  }
}
