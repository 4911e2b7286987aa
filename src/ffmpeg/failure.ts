// Why an ffmpeg run failed: stderr lines and exit status → a stable code and words a user can act on. Pure.

export const FAILURE_CODES = [
  'auth_failed',
  'unreachable',
  'not_found',
  'no_video',
  'unsupported_codec',
  'stalled',
  'exited',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

export interface FailureReason {
  readonly code: FailureCode;
  /** Short human phrase, stable per code ("authentication failed"). */
  readonly message: string;
  /** The stderr line or exit status it was read from (credentials already redacted by the caller's ring). */
  readonly detail: string | null;
}

export const FAILURE_MESSAGES: Readonly<Record<FailureCode, string>> = {
  auth_failed: 'authentication failed',
  unreachable: 'camera unreachable',
  not_found: 'stream not found',
  no_video: 'no video stream',
  unsupported_codec: 'unsupported codec',
  stalled: 'stalled (no data)',
  exited: 'the stream ended unexpectedly',
};

interface Rule {
  readonly code: FailureCode;
  readonly pattern: RegExp;
}

/**
 * Ordered: the first rule matching any line wins, so specific causes (401) beat the generic follow-up line
 * ffmpeg prints for the same failure ("Server returned 4XX Client Error").
 */
const RULES: readonly Rule[] = [
  // "method DESCRIBE failed: 401 Unauthorized", "Server returned 401 Unauthorized (authorization failed)"
  { code: 'auth_failed', pattern: /\b401 unauthori[sz]ed|authori[sz]ation failed|\b403 forbidden/i },
  // "method DESCRIBE failed: 404 Not Found", "method SETUP failed: 454 Session Not Found", "Server returned 404"
  { code: 'not_found', pattern: /\b404 not found|\b454 session not found|stream not found|no such stream/i },
  // "Stream map '0:v:0' matches no streams." / "Output file #0 does not contain any stream"
  {
    code: 'no_video',
    pattern: /matches no streams|does not contain any stream|no video stream|could not find codec parameters/i,
  },
  // "Could not find tag for codec vp8 in stream #0, codec not currently supported in container"
  {
    code: 'unsupported_codec',
    pattern: /codec not currently supported|could not find tag for codec|unsupported codec|decoder .* not found/i,
  },
  // "Connection to tcp://… failed: Connection refused", "Failed to resolve hostname x: Name or service not known",
  // "…: Connection timed out", "No route to host", "Network is unreachable"; "Invalid data found when processing
  // input" on the input URL is what 4.1 and 5.1 print when the peer accepted TCP but never answered RTSP in time.
  {
    code: 'unreachable',
    pattern:
      /connection refused|timed out|no route to host|network is unreachable|failed to resolve hostname|name or service not known|temporary failure in name resolution|host is unreachable|connection reset by peer|cannot open connection|invalid data found when processing input/i,
  },
];

/** Classifies a failed run from its last stderr lines and exit status. */
export function classifyFfmpegFailure(
  stderrLines: readonly string[],
  exitCode: number | null,
  signal: NodeJS.Signals | null = null,
): FailureReason {
  for (const rule of RULES) {
    // Newest line first: the last message is closest to the cause of the exit.
    for (let i = stderrLines.length - 1; i >= 0; i--) {
      const line = stderrLines[i];
      if (line !== undefined && rule.pattern.test(line)) {
        return { code: rule.code, message: FAILURE_MESSAGES[rule.code], detail: stripContext(line) };
      }
    }
  }
  // After a clean end or a kill, the last line is usually an unrelated warning (timestamps), not the cause.
  const lastLine = exitCode !== 0 && signal === null ? stderrLines.findLast((line) => line.trim() !== '') : undefined;
  const status =
    signal !== null
      ? `ffmpeg was killed by ${signal}`
      : exitCode === 0
        ? 'the camera ended the stream'
        : `ffmpeg exited with code ${exitCode ?? 'unknown'}`;
  return {
    code: 'exited',
    message: FAILURE_MESSAGES.exited,
    detail: lastLine ? `${status}: ${stripContext(lastLine)}` : status,
  };
}

/** A reason the supervisor sets itself (stall watchdog, garbage on stdout), not read from stderr. */
export function failureReason(code: FailureCode, detail: string | null = null): FailureReason {
  return { code, message: FAILURE_MESSAGES[code], detail };
}

/** Drops the "[rtsp @ 0x55d93270a980] " prefix: the address differs every run and says nothing to a user. */
function stripContext(line: string): string {
  return line.replace(/^\[[\w:-]+ @ 0x[0-9a-f]+\]\s*/i, '').trim();
}
