import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { ErrorCodes } from '@tideline/contracts';
import { describeValidationErrors, flattenValidationErrors, validationSettings } from '@tideline/server-kit';

/** Rejects unknown and malformed fields with 400, naming each field. */
export function httpValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
