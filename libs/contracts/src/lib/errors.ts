/**
 * Domain error codes. Services raise them; only the gateway knows HTTP, and it maps
 * each code to a status in one place (its exception filter).
 */
export const ErrorCodes = {
  validationFailed: 'VALIDATION.FAILED',
  invalidCredentials: 'AUTH.INVALID_CREDENTIALS',
  tokenInvalid: 'AUTH.TOKEN_INVALID',
  refreshReused: 'AUTH.REFRESH_REUSED',
  sessionRevoked: 'AUTH.SESSION_REVOKED',
  userDisabled: 'AUTH.USER_DISABLED',
  userNotFound: 'USERS.NOT_FOUND',
  emailTaken: 'USERS.EMAIL_TAKEN',
  lastAdmin: 'USERS.LAST_ADMIN',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  /** Authenticated and in a role that may call the route, but not allowed this particular change. */
  forbidden: 'FORBIDDEN',
  /** A message on the broker without a valid signature: refused and dead-lettered. */
  unsigned: 'MESSAGE.UNSIGNED',
  /** The same Idempotency-Key again with a different request (422). */
  idempotencyKeyReused: 'IDEMPOTENCY.KEY_REUSED',
  serviceUnavailable: 'SERVICE.UNAVAILABLE',
  internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The shape every error takes when it crosses the broker. */
export interface RemoteError {
  code: ErrorCode | string;
  message: string;
  details?: Record<string, unknown>;
}

export function isRemoteError(value: unknown): value is RemoteError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RemoteError).code === 'string' &&
    typeof (value as RemoteError).message === 'string'
  );
}
