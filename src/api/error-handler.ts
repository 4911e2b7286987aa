// The one error handler: domain errors become their status and code; anything else a generic 500 with the stack logged.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { isVigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export function notFoundHandler(): RequestHandler {
  return (_req, res) => {
    res.status(404).json({ error: { code: 'VIGIL_NOT_FOUND', message: 'Not found' } });
  };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (isVigilError(error)) {
      // Unavailable (a camera without a picture yet) and a full export store are states, not faults: no stack trace.
      if (error.code === 'VIGIL_UNAVAILABLE' || error.code === 'VIGIL_STORAGE_FULL')
        logger.warn({ path: req.path, code: error.code }, error.message);
      else if (error.status >= 500) logger.error({ err: error, path: req.path }, error.message);
      if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(error.status).json({ error: { code: error.code, message: error.message, details: error.details } });
      return;
    }
    if (error instanceof ZodError) {
      const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      res.status(400).json({ error: { code: 'VIGIL_VALIDATION', message: 'The request is invalid', details } });
      return;
    }
    // body-parser marks its own errors (malformed JSON, too large) with a status.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'VIGIL_VALIDATION', message: (error as Error).message } });
      return;
    }
    logger.error({ err: error, path: req.path }, 'unhandled error in request');
    res.status(500).json({ error: { code: 'VIGIL_INTERNAL', message: 'Internal error' } });
  };
}
