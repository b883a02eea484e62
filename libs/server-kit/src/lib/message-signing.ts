import { MessageHeaders } from '@tideline/contracts';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Every message a service consumes is signed by its sender (the gateway or another service) with
 * MESSAGE_SIGNING_KEY, a key the broker never sees. The signature covers the pattern, the whole
 * body (so the `actor`, `roles` and `actorId` the gateway put there from the verified access
 * token) and the deadline. Someone who can publish to the broker but holds no key, or who alters
 * a signed message, is refused: the broker is no longer the trust boundary.
 */
let signingKey: Buffer | undefined;

/** Sets the key this process signs and verifies with (at start, from its configuration). */
export function useSigningKey(key: string): void {
  signingKey = Buffer.from(key, 'utf8');
}

function keyOrThrow(): Buffer {
  if (!signingKey) throw new Error('No message signing key: call useSigningKey(MESSAGE_SIGNING_KEY) at start');
  return signingKey;
}

/**
 * SHA-256 of a message body as the sender serialises it (a JSON parse and re-serialisation gives
 * back the same text): what signatures cover, and what runOnce compares a retried request by.
 */
export const bodyDigest = (body: unknown) => createHash('sha256').update(JSON.stringify(body ?? null)).digest('base64');

function signature(pattern: string, body: unknown, deadline: string): string {
  return createHmac('sha256', keyOrThrow()).update(`${pattern}\n${deadline}\n${bodyDigest(body)}`).digest('base64');
}

/** The signature header for a message; `deadline` is the deadline header's value, if it has one. */
export function signatureHeader(pattern: string, body: unknown, deadline = ''): Record<string, string> {
  return { [MessageHeaders.signature]: signature(pattern, body, deadline) };
}

/** Why a message must be refused, or undefined when its signature holds. */
export function signatureProblem(pattern: string, body: unknown, headers: Record<string, unknown>): string | undefined {
  const given = headers[MessageHeaders.signature];
  if (typeof given !== 'string' || given === '') return 'it carries no signature';
  const deadline = headers[MessageHeaders.deadline];
  const expected = Buffer.from(signature(pattern, body, deadline === undefined ? '' : String(deadline)), 'base64');
  const actual = Buffer.from(given, 'base64');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'its signature does not match its content';
  return undefined;
}
