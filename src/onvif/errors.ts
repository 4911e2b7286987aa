// ONVIF failures: one VigilError per failure with a stable `reason` in its details, so the hub and the console can branch on it.
import { VigilError, type ErrorCode } from '../shared/index.js';

/**
 * Why talking to a device failed:
 * - unreachable: timeout, refused, no route, reset before a reply;
 * - not-onvif: answered, but not with SOAP (HTTP 404, HTML, plain text) or with an unknown operation;
 * - auth-failed: SOAP fault NotAuthorized / HTTP 401 (wrong username or password);
 * - malformed: a SOAP-looking reply that is truncated, invalid XML or lacks required fields;
 * - fault: the device answered with another SOAP fault (e.g. unknown profile token).
 */
export type OnvifFailureReason = 'unreachable' | 'not-onvif' | 'auth-failed' | 'malformed' | 'fault';

// Until the catalogue has ONVIF codes: auth-failed maps to VALIDATION, not UNAUTHENTICATED, because a 401 from the
// hub's API would tell the console that the *admin's* session expired, when it is the camera's password that is wrong.
const CODES: Record<OnvifFailureReason, ErrorCode> = {
  unreachable: 'VIGIL_UNAVAILABLE',
  'not-onvif': 'VIGIL_VALIDATION',
  'auth-failed': 'VIGIL_VALIDATION',
  malformed: 'VIGIL_UNAVAILABLE',
  fault: 'VIGIL_UNAVAILABLE',
};

export interface OnvifErrorDetails {
  reason: OnvifFailureReason;
  /** The endpoint, without credentials. */
  endpoint?: string;
  /** The operation asked for, e.g. GetProfiles. */
  operation?: string;
  /** SOAP fault subcode when there was one, e.g. ter:NotAuthorized. */
  subcode?: string;
  httpStatus?: number;
}

export function onvifError(details: OnvifErrorDetails, message: string, cause?: unknown): VigilError {
  return new VigilError(CODES[details.reason], message, { details, ...(cause !== undefined ? { cause } : {}) });
}

/** The failure reason of an error thrown by this module, or undefined for anything else. */
export function onvifFailureReason(error: unknown): OnvifFailureReason | undefined {
  if (!(error instanceof VigilError)) return undefined;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('reason' in details)) return undefined;
  const reason = (details as { reason: unknown }).reason;
  return typeof reason === 'string' && reason in CODES ? (reason as OnvifFailureReason) : undefined;
}
