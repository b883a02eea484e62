import { BrokerEnv, ConfigError, ServiceEnv, WithJwtEnv, loadConfig } from './config';

const broker = { RABBITMQ_URL: 'amqp://tideline:pw@localhost', MESSAGE_SIGNING_KEY: 'a-real-message-key-of-32-characters-or-more', RPC_TIMEOUT_MS: '5000', RMQ_PREFETCH: '20', LOG_LEVEL: 'log' };

describe('loadConfig', () => {
  it('returns typed values when every variable is valid', () => {
    const env = loadConfig(BrokerEnv, broker);
    expect(env.RPC_TIMEOUT_MS).toBe(5000);
    expect(env.RMQ_PREFETCH).toBe(20);
    expect(env.RABBITMQ_URL).toBe('amqp://tideline:pw@localhost');
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

  it('refuses in production the broker\'s guest account and the example message key, naming each variable', () => {
    const env = { ...broker, RABBITMQ_URL: 'amqp://guest:guest@rabbitmq:5672', MESSAGE_SIGNING_KEY: 'change-me-local-development-message-key-0123456789' };
    expect(loadConfig(BrokerEnv, env).RABBITMQ_URL).toBe(env.RABBITMQ_URL);
    const error = (() => {
      try {
        loadConfig(BrokerEnv, { ...env, NODE_ENV: 'production' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toMatch(/RABBITMQ_URL: RABBITMQ_URL must name a broker user of the deployment's own, not guest or none, when NODE_ENV is production/);
    expect(error).toMatch(/MESSAGE_SIGNING_KEY: MESSAGE_SIGNING_KEY is the example value/);
    expect(() => loadConfig(BrokerEnv, { ...env, NODE_ENV: 'production', RABBITMQ_URL: 'amqp://localhost' })).toThrow(/RABBITMQ_URL/);
  });
});
