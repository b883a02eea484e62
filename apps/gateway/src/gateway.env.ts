import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { BrokerEnv, WithJwtEnv } from '@tideline/server-kit';

export class GatewayEnv extends WithJwtEnv(BrokerEnv) {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65_535)
  GATEWAY_PORT!: number;

  /**
   * Proxies whose X-Forwarded-For the gateway believes, for the client address that login limits
   * count by: Express's `trust proxy` list (addresses, subnets, or loopback, linklocal, uniquelocal).
   */
  @IsString()
  @IsNotEmpty()
  TRUSTED_PROXIES!: string;

  /** Redis, where the login limits are counted (shared by every gateway instance). */
  @IsString()
  @IsNotEmpty()
  REDIS_URL!: string;

  /** Prefixes every Redis key of this deployment (several can share one Redis). */
  @IsString()
  @IsNotEmpty()
  REDIS_KEY_PREFIX!: string;

  /** The largest CSV upload taken, in bytes; a larger one gets 413 naming this variable. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES!: number;

  /** Comma-separated browser origins allowed by CORS. */
  @IsString()
  @IsNotEmpty()
  CORS_ORIGINS!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE!: number;

  /** Login attempts per account (whatever the address) per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE!: number;

  /** Seconds a gateway remembers a live session (SessionCache); 0 asks the auth service on every request. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  SESSION_CACHE_SECONDS!: number;
}
