// Prometheus text exposition of the hub's health: per camera stream and for the process.
import { Router } from 'express';
import type { FederationLinkView } from '../../contracts/index.js';
import { requireCaller } from '../auth.js';
import { isLoopback } from '../../shared/net.js';

export interface StreamMetricRow {
  cameraId: string;
  stream: string;
  online: boolean;
  fps: number;
  bitrateBps: number;
  restarts: number;
  uptimeSeconds: number;
  lastDataAt: number | undefined;
  viewers: number;
  readers: number;
  droppedFragments: number;
  disconnectedReaders: number;
  bytes: number;
}

/** The hub's ffmpeg start queue (see StartLimiter). */
export interface StartQueueMetrics {
  inFlight: number;
  peakInFlight: number;
  waiting: number;
}

/** The hub's H.264 transcodes: how many run, the limit, and each one's CPU share (percent of one core). */
export interface TranscodeMetrics {
  running: number;
  limit: number;
  cameras: Array<{ cameraId: string; cpuPercent: number | null }>;
}

/** What /metrics reads. */
export interface MetricsSource {
  streamMetrics(): StreamMetricRow[];
  startQueue(): StartQueueMetrics;
  transcodeMetrics?(): TranscodeMetrics | undefined;
}

interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  value: (row: StreamMetricRow, now: number) => number | undefined;
}

const FAMILIES: Family[] = [
  {
    name: 'vigil_camera_up',
    help: 'Whether the camera stream is online (1) or not (0).',
    type: 'gauge',
    value: (r) => (r.online ? 1 : 0),
  },
  { name: 'vigil_camera_fps', help: 'Frames per second received.', type: 'gauge', value: (r) => r.fps },
  {
    name: 'vigil_camera_bitrate_bits_per_second',
    help: 'Bitrate received.',
    type: 'gauge',
    value: (r) => r.bitrateBps,
  },
  {
    name: 'vigil_camera_restarts_total',
    help: 'ffmpeg restarts after a failure or stall.',
    type: 'counter',
    value: (r) => r.restarts,
  },
  {
    name: 'vigil_camera_uptime_seconds',
    help: 'Seconds online since the last (re)start.',
    type: 'gauge',
    value: (r) => r.uptimeSeconds,
  },
  {
    name: 'vigil_camera_last_data_age_seconds',
    help: 'Seconds since the last fragment arrived.',
    type: 'gauge',
    value: (r, now) => (r.lastDataAt === undefined ? undefined : (now - r.lastDataAt) / 1000),
  },
  { name: 'vigil_camera_viewers', help: 'Live viewers holding the stream on.', type: 'gauge', value: (r) => r.viewers },
  {
    name: 'vigil_camera_readers',
    help: 'Readers of the stream (live, recording, snapshots).',
    type: 'gauge',
    value: (r) => r.readers,
  },
  {
    name: 'vigil_camera_dropped_fragments_total',
    help: 'Fragments dropped for readers that fell behind.',
    type: 'counter',
    value: (r) => r.droppedFragments,
  },
  {
    name: 'vigil_camera_disconnected_readers_total',
    help: 'Readers disconnected for falling behind.',
    type: 'counter',
    value: (r) => r.disconnectedReaders,
  },
  {
    name: 'vigil_camera_received_bytes_total',
    help: 'Bytes of media received.',
    type: 'counter',
    value: (r) => r.bytes,
  },
];

const label = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Counters of the hub itself, beside the per-stream rows. */
export interface HubCounters {
  /** Password checks (scrypt) done for logins and password changes. */
  passwordChecks: number;
  /** A center hub's links to its branches. */
  federationLinks?: readonly FederationLinkView[];
  transcodes?: TranscodeMetrics | undefined;
  /** Recordings evidence locks hold: in all (each file once) and per locked case. */
  evidenceLocks?: EvidenceLockMetrics | undefined;
}

export interface EvidenceLockMetrics {
  total: { files: number; bytes: number };
  cases: ReadonlyArray<{ caseId: string; files: number; bytes: number }>;
}

function lockLines({ total, cases }: EvidenceLockMetrics): string[] {
  const perCase = 'vigil_evidence_locked_case_bytes';
  return [
    '# HELP vigil_evidence_locked_bytes Bytes of recordings held by evidence locks (kept from retention, counted in the quota).',
    '# TYPE vigil_evidence_locked_bytes gauge',
    `vigil_evidence_locked_bytes ${total.bytes}`,
    '# HELP vigil_evidence_locked_files Recording files held by evidence locks.',
    '# TYPE vigil_evidence_locked_files gauge',
    `vigil_evidence_locked_files ${total.files}`,
    `# HELP ${perCase} Bytes of recordings a locked case holds.`,
    `# TYPE ${perCase} gauge`,
    ...cases.map((c) => `${perCase}{case="${label(c.caseId)}"} ${c.bytes}`),
  ];
}

const LINK_FAMILIES: ReadonlyArray<readonly [string, string, (link: FederationLinkView) => number | null]> = [
  [
    'vigil_federation_link_up',
    'Whether the branch answers the center (1) or not (0).',
    (l) => (l.state === 'up' ? 1 : 0),
  ],
  [
    'vigil_federation_link_rtt_seconds',
    'Round trip of the last ping to the branch.',
    (l) => (l.rttMs === null ? null : l.rttMs / 1000),
  ],
  [
    'vigil_federation_link_budget_bits_per_second',
    'What live streams and playback may use of the line.',
    (l) => l.budgetKbps * 1000,
  ],
  [
    'vigil_federation_link_used_bits_per_second',
    'What the running live streams and playbacks reserve.',
    (l) => l.usedKbps * 1000,
  ],
  [
    'vigil_federation_link_throughput_bits_per_second',
    'What the line carried to the center over the last seconds (live, playback and retrieval).',
    (l) => l.throughputKbps * 1000,
  ],
  ['vigil_federation_link_streams', 'Live streams and playbacks over the link.', (l) => l.streams],
  ['vigil_federation_link_retrievals', 'Retrieval jobs running on the link.', (l) => l.retrievals],
];

function linkLines(links: readonly FederationLinkView[]): string[] {
  const lines: string[] = [];
  for (const [name, help, value] of LINK_FAMILIES) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const link of links) {
      const number = value(link);
      if (number !== null) lines.push(`${name}{branch="${label(link.branchId)}"} ${Number(number.toFixed(3))}`);
    }
  }
  return lines;
}

function transcodeLines(transcodes: TranscodeMetrics): string[] {
  const cpu = 'vigil_transcode_cpu_percent';
  return [
    '# HELP vigil_transcodes_running H.264 transcodes running now.',
    '# TYPE vigil_transcodes_running gauge',
    `vigil_transcodes_running ${transcodes.running}`,
    '# HELP vigil_transcodes_limit Most H.264 transcodes allowed at once (transcode.maxConcurrent).',
    '# TYPE vigil_transcodes_limit gauge',
    `vigil_transcodes_limit ${transcodes.limit}`,
    `# HELP ${cpu} Share of one core the transcode's ffmpeg used over the last seconds.`,
    `# TYPE ${cpu} gauge`,
    ...transcodes.cameras.flatMap(({ cameraId, cpuPercent }) =>
      cpuPercent === null ? [] : [`${cpu}{camera="${label(cameraId)}"} ${cpuPercent}`],
    ),
  ];
}

const START_QUEUE: ReadonlyArray<readonly [keyof StartQueueMetrics, string, string]> = [
  ['inFlight', 'vigil_ffmpeg_starts_in_flight', 'ffmpeg starts under way (started, no video yet).'],
  ['peakInFlight', 'vigil_ffmpeg_starts_in_flight_peak', 'Most ffmpeg starts under way at once since the hub started.'],
  ['waiting', 'vigil_ffmpeg_starts_waiting', 'ffmpeg starts queued for a slot.'],
];

export function renderMetrics(
  rows: readonly StreamMetricRow[],
  starts: StartQueueMetrics,
  now = Date.now(),
  hub?: HubCounters,
): string {
  const lines: string[] = [];
  for (const family of FAMILIES) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const row of rows) {
      const value = family.value(row, now);
      if (value === undefined || !Number.isFinite(value)) continue;
      lines.push(`${family.name}{camera="${label(row.cameraId)}",stream="${row.stream}"} ${Number(value.toFixed(3))}`);
    }
  }
  for (const [key, name, help] of START_QUEUE) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${starts[key]}`);
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  lines.push(
    '# HELP vigil_process_resident_memory_bytes Resident memory of the hub process.',
    '# TYPE vigil_process_resident_memory_bytes gauge',
    `vigil_process_resident_memory_bytes ${memory.rss}`,
    '# HELP vigil_process_cpu_seconds_total CPU time of the hub process (not its ffmpeg children).',
    '# TYPE vigil_process_cpu_seconds_total counter',
    `vigil_process_cpu_seconds_total ${((cpu.user + cpu.system) / 1e6).toFixed(3)}`,
  );
  if (hub) {
    lines.push(
      '# HELP vigil_password_checks_total Passwords checked for logins and password changes (a burst: someone guessing).',
      '# TYPE vigil_password_checks_total counter',
      `vigil_password_checks_total ${hub.passwordChecks}`,
    );
    if (hub.federationLinks?.length) lines.push(...linkLines(hub.federationLinks));
    if (hub.transcodes) lines.push(...transcodeLines(hub.transcodes));
    if (hub.evidenceLocks) lines.push(...lockLines(hub.evidenceLocks));
  }
  return `${lines.join('\n')}\n`;
}

/** `/metrics`: open to scrapers on this machine; from elsewhere it needs a logged-in monitoring-center user. */
export function metricsRoutes(source: MetricsSource, counters?: () => HubCounters): Router {
  const router = Router();
  router.get('/metrics', (req, res) => {
    const local = isLoopback(req.socket.remoteAddress) && !req.headers['x-forwarded-for'];
    if (!local && requireCaller(req).scope.kind !== 'province') {
      res.status(403).json({ error: { code: 'VIGIL_FORBIDDEN', message: 'Metrics are for the monitoring center' } });
      return;
    }
    const hub = counters?.();
    res.type('text/plain; version=0.0.4').send(
      renderMetrics(
        source.streamMetrics(),
        source.startQueue(),
        Date.now(),
        hub && {
          ...hub,
          transcodes: source.transcodeMetrics?.(),
        },
      ),
    );
  });
  return router;
}
