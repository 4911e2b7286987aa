// ffmpeg: binary resolution, version-aware arguments and process supervision.
export * from './binary.js';
export {
  buildIngestArgs,
  fmp4OutputArgs,
  inputKindOf,
  networkInput,
  DEFAULT_FRAGMENT_MS,
  type IngestArgsOptions,
  type InputKind,
  type RtspTransport,
} from './args.js';
export {
  classifyFfmpegFailure,
  failureReason,
  FAILURE_CODES,
  FAILURE_MESSAGES,
  type FailureCode,
  type FailureReason,
} from './failure.js';
export {
  concatList,
  hidesInput,
  inputArgs,
  INPUT_PROTOCOLS,
  type FfmpegInput,
  type FfmpegInvocation,
} from './input.js';
export {
  deathBoundCommand,
  findSetpriv,
  prepareSpawn,
  systemClock,
  systemSpawn,
  type ChildOutput,
  type ChildProcessLike,
  type ClockPort,
  type SpawnOptions,
  type SpawnPort,
  type TimerHandle,
} from './process.js';
export { runFfmpeg, type RunOptions, type RunResult } from './run.js';
export {
  StartLimiter,
  type StartGrant,
  type StartLimiterOptions,
  type StartLimiterStats,
  type StartTicket,
} from './start-limiter.js';
export { StderrRing, type StderrRingOptions } from './stderr.js';
export { DEFAULT_SUPERVISOR_TIMING, RetryPolicy, type RetryDecision, type SupervisorTiming } from './retry-policy.js';
export type { SourceStatus, StatusChange, SupervisorEvents, SupervisorStats } from './source-status.js';
export { FfmpegSupervisor, type SupervisorOptions } from './supervisor.js';
export type { RunProcess } from './supervised-run.js';
export {
  buildFfmpegProbeArgs,
  buildProbeArgs,
  interpretFfmpegInput,
  interpretProbe,
  probeStream,
  type StreamProbeOptions,
  type StreamProbeResult,
} from './stream-probe.js';
export { buildTranscodeArgs, canTranscode, type TranscodeArgsOptions, type TranscodeLimits } from './transcode-args.js';
