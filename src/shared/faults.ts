// Which faults that escape every handler end the process: the few after which the hub cannot be trusted to go on.

/**
 * Error codes after which going on would serve wrong answers or none:
 * - the database is corrupt, not a database, or its file cannot be read or written (every request, the event log
 *   and the recording index depend on it; a restart runs the repair, or stops with the reason);
 * - the listening address is taken or forbidden (only at start, where it stops the start; later it would mean the
 *   hub is not reachable at all);
 * - the process is out of memory.
 * A full disk is not among them: recording pauses and retention frees space (see `storage.full`).
 */
const FATAL_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CANTOPEN',
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'ENOMEM',
  'ERR_OUT_OF_MEMORY',
]);

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

/** True when the process must stop (and be restarted by its supervisor) rather than keep serving. */
export function isFatalFault(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof code !== 'string') return false;
  return FATAL_CODES.has(code) || code.startsWith('SQLITE_IOERR');
}

/** Stable log codes of faults no handler caught. */
export const FAULT_CODES = {
  rejection: 'VIGIL_UNHANDLED_REJECTION',
  exception: 'VIGIL_UNCAUGHT_EXCEPTION',
  fatal: 'VIGIL_FATAL',
} as const;
