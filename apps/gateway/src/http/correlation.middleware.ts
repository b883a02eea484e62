import { runWithCorrelationId } from '@tideline/server-kit';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Gives every request a correlation id (the caller's X-Request-Id if sane) that travels to the services. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  runWithCorrelationId(id, next);
}
