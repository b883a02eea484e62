/**
 * The gateway's Redis connection, shared by every gateway instance: the login limits, the addresses
 * accounts signed in from, and the demo seeding's flag.
 */
export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');
