import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { ErrorCodes } from '@tideline/contracts';
import { describeValidationErrors, flattenValidationErrors, validationSettings } from '@tideline/server-kit';

/** No request of ours nests deeper than this; deeper input only exhausts the validator's stack. */
export const MAX_BODY_DEPTH = 32;

/** True when `value` nests objects or arrays more than `max` levels deep (stops looking at max + 1). */
export function nestedDeeperThan(value: unknown, max: number, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= max) return true;
  return Object.values(value).some((child) => nestedDeeperThan(child, max, depth + 1));
}

/** Rejects unknown and malformed fields with 400, naming each field, and bodies nested too deep to check. */
class HttpValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value, MAX_BODY_DEPTH)) {
      throw new BadRequestException({
        code: ErrorCodes.validationFailed,
        message: `The ${metadata.type === 'body' ? 'request body' : metadata.type} is nested more than ${MAX_BODY_DEPTH} levels deep`,
      });
    }
    return super.transform(value, metadata);
  }
}

export function httpValidationPipe(): ValidationPipe {
  return new HttpValidationPipe({
    ...validationSettings,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new BadRequestException({
        code: ErrorCodes.validationFailed,
        message: describeValidationErrors(fields),
        details: { fields },
      });
    },
  });
}
