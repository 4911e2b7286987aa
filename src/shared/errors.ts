// Error catalogue: domain errors with stable codes; only the HTTP edge maps them to status codes.

export const ERROR_CATALOGUE = {
  VIGIL_CONFIG_INVALID: { status: 500, message: 'The configuration is invalid' },
  VIGIL_DATA_DIR_UNWRITABLE: { status: 500, message: 'The data directory cannot be written' },
  VIGIL_FFMPEG_NOT_FOUND: { status: 500, message: 'No ffmpeg binary was found' },
  VIGIL_VALIDATION: { status: 400, message: 'The request is invalid' },
  VIGIL_NOT_FOUND: { status: 404, message: 'Not found' },
  VIGIL_UNAUTHENTICATED: { status: 401, message: 'Login required' },
  VIGIL_FORBIDDEN: { status: 403, message: 'Not allowed' },
  VIGIL_CROSS_ORIGIN: { status: 403, message: 'Refused: the request comes from another site' },
  VIGIL_TARGET_REFUSED: { status: 403, message: 'Camera administration does not connect to that address' },
  VIGIL_CONFLICT: { status: 409, message: 'Conflict' },
  VIGIL_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  VIGIL_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json' },
  VIGIL_TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many failed attempts; try again later' },
  VIGIL_RATE_LIMITED: { status: 429, message: 'Too many requests from this address; slow down' },
  VIGIL_QUOTA_EXCEEDED: { status: 429, message: 'A usage limit is reached; try again later' },
  VIGIL_STORAGE_FULL: { status: 507, message: 'The store is full' },
  VIGIL_UNAVAILABLE: { status: 503, message: 'Temporarily unavailable' },
  VIGIL_INTERNAL: { status: 500, message: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** A domain error: a stable code, a message a user can act on, optional details safe to show. */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** When a refusal ends, in seconds; the HTTP edge sends it as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { details?: unknown; cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message ?? ERROR_CATALOGUE[code].message, options?.cause !== undefined ? { cause: options.cause } : {});
    this.name = 'VigilError';
    this.code = code;
    this.details = options?.details;
    this.retryAfterSeconds =
      options?.retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(options.retryAfterSeconds));
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export function isVigilError(error: unknown): error is VigilError {
  return error instanceof VigilError;
}

/** The message of anything thrown, for logs. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
