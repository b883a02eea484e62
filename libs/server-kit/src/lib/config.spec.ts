import { BrokerEnv, ConfigError, ServiceEnv, WithJwtEnv, loadConfig } from './config';

const broker = { RABBITMQ_URL: 'amqp://localhost', RPC_TIMEOUT_MS: '5000', RMQ_PREFETCH: '20', LOG_LEVEL: 'log' };

describe('loadConfig', () => {
  it('returns typed values when every variable is valid', () => {
    const env = loadConfig(BrokerEnv, broker);
    expect(env.RPC_TIMEOUT_MS).toBe(5000);
    expect(env.RMQ_PREFETCH).toBe(20);
    expect(env.RABBITMQ_URL).toBe('amqp://localhost');
  });

  it('names every missing and malformed variable', () => {
    const attempt = () => loadConfig(ServiceEnv, { ...broker, RPC_TIMEOUT_MS: 'soon', SHUTDOWN_GRACE_MS: '1000' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL: .*\(missing\)/);
    expect(attempt).toThrow(/RPC_TIMEOUT_MS: .*\(got "soon"\)/);
  });

  it('treats an empty value as missing', () => {
    expect(() => loadConfig(ServiceEnv, { ...broker, DATABASE_URL: '', SHUTDOWN_GRACE_MS: '0' })).toThrow(/DATABASE_URL: .*\(missing\)/);
  });

  it('checks the shared JWT settings where a class adds them', () => {
    const Jwt = WithJwtEnv(BrokerEnv);
    expect(() => loadConfig(Jwt, { ...broker, JWT_SECRET: 'short', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' })).toThrow(
      /JWT_SECRET: JWT_SECRET must be at least 32 characters/,
    );
  });

  it('refuses the example JWT secret in production, and only there', () => {
    const Jwt = WithJwtEnv(BrokerEnv);
    const env = { ...broker, JWT_SECRET: 'change-me-local-development-secret-0123456789', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' };
    expect(loadConfig(Jwt, env).JWT_SECRET).toBe(env.JWT_SECRET);
    expect(() => loadConfig(Jwt, { ...env, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: JWT_SECRET is the example value from .env.example; set a secret of your own when NODE_ENV is production/,
    );
    expect(loadConfig(Jwt, { ...env, NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-more-than-32-characters' }).JWT_SECRET).toBe(
      'a-real-secret-of-more-than-32-characters',
    );
  });
});
