import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, MinLength, ValidationArguments, ValidateBy, validateSync } from 'class-validator';

/** The example secrets in .env.example start with this, so that production can refuse them. */
export const EXAMPLE_SECRET_PREFIX = 'change-me';

const inProduction = (args?: ValidationArguments) => (args?.object as { NODE_ENV?: string } | undefined)?.NODE_ENV === 'production';

/** A rule that holds only when NODE_ENV is production, refused with `message` (the variable's name comes first). */
export const InProduction = (name: string, holds: (value: unknown) => boolean, message: string) =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => !inProduction(args) || holds(value),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} ${message} when NODE_ENV is production`,
    },
  });

/** The broker's built-in account, which RabbitMQ creates on every new node. */
const usesGuest = (url: unknown) => {
  try {
    const { username } = new URL(String(url));
    return username === '' || username === 'guest';
  } catch {
    return true;
  }
};

/** Refuses a secret copied from .env.example when NODE_ENV is production; anything goes in development. */
const NotExampleInProduction = () =>
  InProduction('notExampleInProduction', (value) => !String(value).startsWith(EXAMPLE_SECRET_PREFIX), 'is the example value from .env.example; set a secret of your own');

/** Variables every process that talks to the broker needs. */
export class BrokerEnv {
  @IsString()
  @IsNotEmpty()
  @InProduction('noGuestBroker', (url) => !usesGuest(url), "must name a broker user of the deployment's own, not guest or none,")
  RABBITMQ_URL!: string;

  /** Signs every message sent and verifies every message consumed (see message-signing.ts); the broker never sees it. */
  @IsString()
  @MinLength(32, { message: 'MESSAGE_SIGNING_KEY must be at least 32 characters' })
  @NotExampleInProduction()
  MESSAGE_SIGNING_KEY!: string;

  /** How long a caller waits for a service's reply before answering 503. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  RPC_TIMEOUT_MS!: number;

  /** Messages a consumer holds unacknowledged at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  RMQ_PREFETCH!: number;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL!: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

/** A service that owns a Postgres schema. */
export class ServiceEnv extends BrokerEnv {
  @IsString()
  @IsNotEmpty()
  DATABASE_URL!: string;

  /** The pause before a failed event or work message is retried the first time; each next pause is 4× longer, up to 60 s. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60_000)
  RETRY_BASE_MS!: number;

  /** How long a handled message's id (and so a client's Idempotency-Key) is kept; at least a day. */
  @Type(() => Number)
  @IsInt()
  @Min(24)
  PROCESSED_MESSAGES_RETENTION_HOURS!: number;

  /** How long SIGTERM waits for in-flight messages before closing anyway. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS!: number;

  /** The port of the orchestrator's probes (GET /health/live, /health/ready); 0: none. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65_535)
  HEALTH_PORT!: number;
}

/** A service that takes CSV uploads (sales, catalog): when an unfinished one counts as abandoned. */
export class UploaderEnv extends ServiceEnv {
  /** An upload whose file stopped arriving (its sender or the gateway died mid-file) fails after this long without a chunk. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPLOAD_ABANDONED_AFTER_S!: number;

  /** How often each instance looks for such uploads (and for merges whose request was lost). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPLOAD_SWEEP_EVERY_S!: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

/** Adds the access-token settings shared by the signer (auth-service) and the verifier (gateway). */
export function WithJwtEnv<TBase extends EnvClass>(Base: TBase) {
  class JwtEnv extends Base {
    /** HS256 key: the auth service signs with it, the gateway verifies with it. */
    @IsString()
    @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
    @NotExampleInProduction()
    JWT_SECRET!: string;

    @IsString()
    @IsNotEmpty()
    JWT_ISSUER!: string;

    @IsString()
    @IsNotEmpty()
    JWT_AUDIENCE!: string;
  }
  return JwtEnv;
}

export class ConfigError extends Error {}

/**
 * Validates `env` against `cls` once, at start. A missing or malformed variable throws
 * a ConfigError naming every offending variable, so the process stops with a clear reason.
 */
export function loadConfig<T extends object>(cls: new () => T, env: Record<string, unknown> = process.env): T {
  // An empty value (`ADMIN_PASSWORD=` in an env file) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const config = plainToInstance(cls, present, { excludeExtraneousValues: false });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const value = present[e.property];
      const shown = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
      return `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (${shown})`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
