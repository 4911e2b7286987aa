// The one error handler: domain errors become their status and code; anything else a generic 500 with the stack logged.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { issueText, requestLanguage } from '../shared/issue-text.js';
import { isVigilError, VigilError, type ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export function notFoundHandler(): RequestHandler {
  return (_req, res) => {
    res.status(404).json({ error: { code: 'VIGIL_NOT_FOUND', message: 'Not found' } });
  };
}

/**
 * The errors body-parser and the router raise on bad input, as catalogue errors. Their own messages can quote the
 * body (a password sent as a form) or parser internals, so only fixed words go back.
 */
function fromRequestParsing(error: unknown): VigilError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (type) {
    case 'entity.parse.failed':
      return new VigilError('VIGIL_VALIDATION', 'The request body is not valid JSON');
    case 'entity.too.large': {
      const limit = (error as { limit?: unknown }).limit;
      const details = typeof limit === 'number' ? { limitBytes: limit } : undefined;
      return new VigilError('VIGIL_PAYLOAD_TOO_LARGE', undefined, { details });
    }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new VigilError('VIGIL_UNSUPPORTED_MEDIA_TYPE', 'Send the request body as UTF-8 application/json');
    default:
      // e.g. a path parameter with a malformed percent-escape, or a body cut off by the client.
      return new VigilError(
        BY_STATUS[status] ?? 'VIGIL_VALIDATION',
        status === 400 ? 'The request is malformed' : undefined,
      );
  }
}

const BY_STATUS: Partial<Record<number, ErrorCode>> = {
  403: 'VIGIL_FORBIDDEN',
  404: 'VIGIL_NOT_FOUND',
  413: 'VIGIL_PAYLOAD_TOO_LARGE',
  415: 'VIGIL_UNSUPPORTED_MEDIA_TYPE',
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    const known = isVigilError(error) ? error : fromRequestParsing(error);
    if (known) {
      // Unavailable (a camera without a picture yet) and a full export store are states, not faults: no stack trace.
      if (known.code === 'VIGIL_UNAVAILABLE' || known.code === 'VIGIL_STORAGE_FULL')
        logger.warn({ path: req.path, code: known.code }, known.message);
      else if (known.status >= 500) logger.error({ err: known, path: req.path }, known.message);
      if (known.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(known.retryAfterSeconds));
      res.status(known.status).json({ error: { code: known.code, message: known.message, details: known.details } });
      return;
    }
    if (error instanceof ZodError) {
      const language = requestLanguage(req);
      const details = error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issueText(issue, language),
      }));
      res.status(400).json({ error: { code: 'VIGIL_VALIDATION', message: 'The request is invalid', details } });
      return;
    }
    logger.error({ err: error, path: req.path }, 'unhandled error in request');
    res.status(500).json({ error: { code: 'VIGIL_INTERNAL', message: 'Internal error' } });
  };
}
