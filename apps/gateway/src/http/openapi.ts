import type { OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_ACCESS, RouteAccess } from '../auth/access.decorators';

type Operation = { parameters?: Array<{ in: string }>; requestBody?: unknown; security?: unknown[]; responses: Record<string, unknown> } & { [OPENAPI_ACCESS]?: RouteAccess };

const ERROR_BODY = '#/components/schemas/ErrorBody';
const WRITES = ['post', 'put', 'patch', 'delete'];

/** What each client error means, as the gateway answers it (HttpErrorFilter). */
const CLIENT_ERRORS: Record<string, string> = {
  '400': 'The request is not valid: the message names the field, row or line.',
  '401': 'No valid access token (missing, expired, or its session ended).',
  '403': "The user's roles do not allow this, or the rules of the resource do not (an owner approving their own plan).",
  '404': 'Nothing has the key in the path.',
  '409': 'A conflict: the version named is stale (the body says what changed), or the key exists already.',
  '429': 'Too many attempts: wait, then try again.',
};

/** The client errors an operation can answer, from what it takes and who may call it. */
function clientErrorsOf(path: string, method: string, operation: Operation): string[] {
  const isPublic = operation[OPENAPI_ACCESS]?.public === true;
  const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
  return [
    ...(takesInput ? ['400'] : []),
    ...(isPublic ? (path.endsWith('/auth/login') || path.endsWith('/auth/refresh') ? ['401'] : []) : ['401', '403']),
    ...(path.includes('{') ? ['404'] : []),
    ...(WRITES.includes(method) && !isPublic ? ['409'] : []),
    ...(path.endsWith('/auth/login') ? ['429'] : []),
  ];
}

/**
 * Completes the generated document for the scripts written against it (Redocly's recommended
 * rules): the servers, the license, the shape of every error, each operation's client errors, and
 * an explicit "no token" on the public routes.
 */
export function completeOpenApi(document: OpenAPIObject): OpenAPIObject {
  // Relative: wherever the document is served from (http://localhost:3000 after npm start, or behind an ingress).
  document.servers = [{ url: '/', description: 'The gateway that serves this document' }];
  document.info.license = { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' };
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ErrorBody: {
        type: 'object',
        required: ['statusCode', 'code', 'message'],
        properties: {
          statusCode: { type: 'integer', example: 400 },
          code: { type: 'string', example: 'VALIDATION_FAILED' },
          message: { type: 'string', example: 'pageSize must not be greater than 500' },
          details: { type: 'object', additionalProperties: true, description: 'What the error is about: the field, the current version, who changed it…' },
        },
      },
    },
  };
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods as Record<string, Operation>)) {
      if (operation[OPENAPI_ACCESS]?.public) operation.security = [];
      for (const status of clientErrorsOf(path, method, operation)) {
        operation.responses[status] ??= { description: CLIENT_ERRORS[status], content: { 'application/json': { schema: { $ref: ERROR_BODY } } } };
      }
    }
  }
  return document;
}
