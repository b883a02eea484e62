// The flag that keeps GET /api/health at 503 (`demo: seeding`) while the demo chain is being
// loaded, so that nobody reads a half-seeded chain. It lives in the gateway's Redis, under
// REDIS_KEY_PREFIX, as DEMO_SEEDING_KEY in apps/gateway/src/health/health.controller.ts. It stays
// set when a start is cut short: the chain is then half seeded until the next start finishes it.
'use strict';

const DEMO_SEEDING_KEY = 'demo-seeding';

async function withRedis(env, action) {
  // Loaded here, not at the top: npm start reads this file before it has installed the packages.
  const { Redis } = require('ioredis');
  const redis = new Redis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await action(redis);
  } finally {
    redis.disconnect();
  }
}

const markSeeding = (env) => withRedis(env, (redis) => redis.set(DEMO_SEEDING_KEY, new Date().toISOString()));
const markSeeded = (env) => withRedis(env, (redis) => redis.del(DEMO_SEEDING_KEY));

/** A health answer that is 503 only because the demo chain is still being loaded. */
const onlySeeding = (status, body) => status === 503 && Object.keys(body?.error ?? {}).join() === 'demo';

module.exports = { markSeeding, markSeeded, onlySeeding };
