import { RpcException } from '@nestjs/microservices';
import { ErrorCode, ErrorCodes, RemoteError, isRemoteError } from '@tideline/contracts';

/** An expected failure with a code: it crosses the broker as a RemoteError and is not retried. */
export class DomainError extends RpcException {
  constructor(
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super({ code, message, details } satisfies RemoteError);
  }

  toRemote(): RemoteError {
    return this.getError() as RemoteError;
  }
}

/** Whatever was thrown, as the RemoteError a caller receives. */
export function toRemoteError(error: unknown): RemoteError {
  if (error instanceof DomainError) return error.toRemote();
  if (error instanceof RpcException && isRemoteError(error.getError())) return error.getError() as RemoteError;
  if (isRemoteError(error)) return error;
  return { code: ErrorCodes.internal, message: 'Internal error' };
}
