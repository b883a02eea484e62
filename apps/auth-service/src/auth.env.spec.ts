import { loadConfig } from '@tideline/server-kit';
import { AuthEnv } from './auth.env';

describe('AuthEnv in production', () => {
  const base = {
    RABBITMQ_URL: 'amqp://auth:pw@rabbitmq',
    MESSAGE_SIGNING_KEY: 'a-real-message-key-of-32-characters-or-more',
    RPC_TIMEOUT_MS: '5000',
    RMQ_PREFETCH: '20',
    LOG_LEVEL: 'log',
    DATABASE_URL: 'postgres://auth@db/users',
    SHUTDOWN_GRACE_MS: '1000',
    HEALTH_PORT: '0',
    RETRY_BASE_MS: '1000',
    PROCESSED_MESSAGES_RETENTION_HOURS: '168',
    JWT_SECRET: 'a-real-secret-of-more-than-32-characters',
    JWT_ISSUER: 'i',
    JWT_AUDIENCE: 'a',
    ACCESS_TOKEN_TTL_SECONDS: '900',
    REFRESH_TOKEN_TTL_SECONDS: '3600',
    SESSION_MAX_AGE_SECONDS: '86400',
    ADMIN_EMAIL: 'admin@example.com',
    SEED_DEMO_USERS: 'true',
    DEMO_PASSWORD: 'tideline-demo',
    ADMIN_PASSWORD: '',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(AuthEnv, env);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('starts as shipped for development', () => {
    expect(problems(base)).toBe('');
  });

  it('refuses demo users, and a missing or demo admin password, naming each variable', () => {
    const refused = problems({ ...base, NODE_ENV: 'production' });
    expect(refused).toMatch(/SEED_DEMO_USERS: SEED_DEMO_USERS must be false .* when NODE_ENV is production/);
    expect(refused).toMatch(/ADMIN_PASSWORD: .*ADMIN_PASSWORD must be set \(missing\)/);
    expect(problems({ ...base, NODE_ENV: 'production', SEED_DEMO_USERS: 'false', ADMIN_PASSWORD: 'tideline-demo' })).toMatch(
      /ADMIN_PASSWORD: ADMIN_PASSWORD must not be the published demo password when NODE_ENV is production/,
    );
    expect(problems({ ...base, NODE_ENV: 'production', SEED_DEMO_USERS: 'false', ADMIN_PASSWORD: 'a-strong-admin-password' })).toBe('');
  });
});
