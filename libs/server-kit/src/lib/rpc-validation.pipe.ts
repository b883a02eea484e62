import { Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCodes } from '@tideline/contracts';
import { DomainError } from './domain-error';

/** `{ field: [reasons] }`, with nested fields joined by dots (`plan.period.start`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) out[path] = Object.values(error.constraints);
    Object.assign(out, flattenValidationErrors(error.children ?? [], path));
  }
  return out;
}

export function describeValidationErrors(fields: Record<string, string[]>): string {
  return Object.values(fields)
    .map((reasons) => reasons.join('; '))
    .join('; ');
}

/** The settings shared by the gateway's HTTP pipe and the services' message pipe. */
export const validationSettings = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/**
 * Validates message payloads against the contract classes. A service re-checks what the
 * gateway already checked because not every message comes through the gateway.
 */
export function rpcValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    ...validationSettings,
    expectedType,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new DomainError(ErrorCodes.validationFailed, describeValidationErrors(fields), { fields });
    },
  });
}
