// Configuration schema: strict (unknown keys fail), every field described, defaults filled.
import { z } from 'zod';
import { parseAllowEntry, REACH_RULES } from '../shared/reach-allow.js';
import { FederationConfig } from './federation-schema.js';
import { FfmpegConfig, IngestConfig, TranscodeConfig } from './media-schema.js';
import { ImageHealthConfig } from './image-health-schema.js';
import { ScoresConfig } from './score-schema.js';

const port = z.number().int().min(0).max(65535);

export const ServerConfig = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Address the HTTP servers listen on (0.0.0.0 = all interfaces). Left out: 127.0.0.1 while accounts with the published demo password exist, else 0.0.0.0.',
      ),
    port: port.default(8080).describe('TCP port of the plain-HTTP console and API (HTTP/1.1).'),
    https: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Serve the console and media over HTTPS with HTTP/2 as well.'),
        port: port.default(8443).describe('TCP port of the HTTPS (HTTP/2) console and API.'),
        certFile: z
          .string()
          .optional()
          .describe('PEM certificate; when absent a self-signed one is made on first start under <dataDir>/tls/.'),
        keyFile: z.string().optional().describe('PEM private key of that certificate.'),
        redirectHttp: z
          .boolean()
          .default(true)
          .describe('Answer plain-HTTP requests from other machines with a redirect to HTTPS (loopback stays plain).'),
      })
      .prefault({})
      .describe('HTTPS with HTTP/2: one connection carries every tile of a large grid.'),
    publicUrl: z
      .string()
      .url()
      .optional()
      .describe('URL users type to reach the console, printed at start; defaults to https://<host>:<https.port>/.'),
    allowedOrigins: z
      .array(z.url().regex(/^https?:\/\/[^/]+\/?$/, 'expected scheme://host[:port]'))
      .default([])
      .describe(
        'Other origins (scheme://host[:port]) whose pages may change state and open sockets, besides the address a ' +
          'request came to (e.g. a reverse proxy serving the console under another name).',
      ),
  })
  .describe('HTTP server.');

export const LogConfig = z
  .strictObject({
    level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Minimum level written to standard output.'),
  })
  .describe('Logging.');

export const AdminConfig = z
  .strictObject({
    username: z.string().min(1).default('admin').describe('User name of the administrator created on first start.'),
    password: z
      .string()
      .min(8)
      .optional()
      .describe('Password of that administrator (VIGIL_ADMIN_PASSWORD); else a random one is printed once.'),
  })
  .describe('First administrator.');

export const AuthConfig = z
  .strictObject({
    sessionIdleMinutes: z
      .number()
      .positive()
      .default(480)
      .describe('A login session unused this many minutes ends (fractions allowed).'),
    sessionMaxHours: z
      .number()
      .positive()
      .default(24)
      .describe('A login session ends this many hours after the login, used or not (fractions allowed).'),
    lockoutFailures: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Failed logins of one user name within lockoutMinutes that lock it for lockoutMinutes.'),
    lockoutIpFailures: z
      .number()
      .int()
      .min(1)
      .default(20)
      .describe('Failed logins from one client address within lockoutMinutes that lock that address.'),
    lockoutMinutes: z.number().positive().default(15).describe('Counting window and length of a lockout, in minutes.'),
  })
  .describe('Login sessions and lockout after failed logins.');

export const DemoConfig = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Seed a demo province and serve its simulated cameras from inside the hub (turn off in production: the demo accounts that still have the published password are then deleted).',
      ),
    cameras: z.number().int().min(1).max(64).default(8).describe('Number of simulated demo cameras.'),
    rtspPort: port.default(0).describe('Port of the in-process camera simulator on 127.0.0.1 (0 = any free port).'),
    width: z.number().int().min(160).max(3840).default(640).describe('Width of the demo main streams, in pixels.'),
    height: z.number().int().min(120).max(2160).default(360).describe('Height of the demo main streams, in pixels.'),
    bitrateKbps: z.number().int().min(100).max(20000).default(800).describe('Bitrate of the demo main streams.'),
    scope: z
      .enum(['province', 'center', 'branch-donggang', 'branch-xishan'])
      .default('province')
      .describe(
        "What the demo seeds: the whole province in one hub ('province'), or one hub of the federated demo " +
          "(npm run demo:province): the 'center' (units and accounts, no cameras of its own) or one branch " +
          '(its enterprises and cameras).',
      ),
  })
  .describe('Demo province with simulated cameras.');

export const PushConfig = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Accept RTMP pushes from devices registered as push cameras.'),
    host: z.string().optional().describe('Address the RTMP push gateway listens on; default: server.host.'),
    port: port.default(1935).describe('TCP port of the RTMP push gateway (0 = any free port).'),
    publicUrl: z
      .string()
      .regex(/^rtmps?:\/\/[^/\s]+$/, 'expected rtmp://host[:port]')
      .optional()
      .describe('rtmp://host[:port] that devices push to, shown in the push settings; defaults to the hub address.'),
    maxConnections: z
      .number()
      .int()
      .min(1)
      .default(200)
      .describe('Most RTMP connections open at once (devices and the hub ingest); beyond it a connection is closed.'),
    maxConnectionsPerAddress: z
      .number()
      .int()
      .min(1)
      .default(4)
      .describe('Most RTMP connections from one device address (the hub ingest on 127.0.0.1 is not counted).'),
  })
  .describe('RTMP push gateway for devices the hub cannot reach.');
const AllowTarget = z.string().superRefine((entry, ctx) => {
  try {
    parseAllowEntry(entry);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

export const RegistrationConfig = z
  .strictObject({
    allowTargets: z
      .array(AllowTarget)
      .default([])
      .describe(
        `What camera administration (ONVIF device reads, stream tests, sweeps, saved camera URLs) may connect to besides ordinary addresses: ${REACH_RULES.join(', ')}, or address ranges such as 169.254.10.0/24. Empty: none of them. The demo adds loopback for its simulated cameras.`,
      ),
  })
  .describe('Camera administration: which addresses an admin may make the hub connect to.');

export const RecordingConfig = z
  .strictObject({
    segmentSeconds: z
      .number()
      .int()
      .min(2)
      .max(600)
      .default(60)
      .describe('Length of one recording file: a new file starts at the first keyframe after each multiple of this.'),
    quotaGb: z
      .number()
      .positive()
      .optional()
      .describe('Most space all recordings together may take, in GB (10^9 bytes); the oldest go first beyond it.'),
    minFreeGb: z
      .number()
      .min(0)
      .default(2)
      .describe('Free space to keep on the data volume, in GB: below it the oldest recordings are deleted.'),
    minFreePercent: z
      .number()
      .min(0)
      .max(90)
      .default(5)
      .describe('Free space to keep, in percent of the data volume; the larger of this and minFreeGb applies.'),
    retentionSweepSeconds: z
      .number()
      .int()
      .min(5)
      .max(86_400)
      .default(300)
      .describe('How often retention runs (age per camera, quota, free-space floor); a full disk runs it at once.'),
  })
  .describe('Recording of cameras whose record mode is continuous (mode and retention days are set per camera).');

export const PlaybackConfig = z
  .strictObject({
    requireReason: z
      .boolean()
      .default(false)
      .describe('Ask for a reason before playback or export and record it in the audit event.'),
  })
  .describe('Playback of recordings and evidence export.');

export const ExportsConfig = z
  .strictObject({
    retentionDays: z
      .number()
      .positive()
      .default(30)
      .describe(
        'Days an exported clip is kept under <dataDir>/exports; older ones are deleted by the retention sweep.',
      ),
    maxTotalGb: z
      .number()
      .positive()
      .default(20)
      .describe('Space reserved for exported clips, in GB: an export that would not fit is refused (507).'),
    maxConcurrent: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe('Export ffmpeg processes running at once for the whole hub; further exports wait in a queue.'),
    maxQueued: z
      .number()
      .int()
      .min(0)
      .default(8)
      .describe('Exports that may wait for a free ffmpeg; beyond it a new export is refused (429).'),
    perUserConcurrent: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe('Exports one user may have running or queued at once.'),
    perUserDailyCount: z.number().int().min(1).default(50).describe('Exports one user may start in any 24 hours.'),
    perUserDailyGb: z
      .number()
      .positive()
      .default(5)
      .describe('GB of clips one user may export in any 24 hours (estimated from the recorded files at the request).'),
  })
  .describe('Limits and retention of exported clips; they never cause recordings to be deleted.');

export const EventsConfig = z
  .strictObject({
    retentionDays: z
      .number()
      .positive()
      .default(180)
      .describe('Days an event is kept in the event log (audit.* events: auditRetentionDays).'),
    auditRetentionDays: z
      .number()
      .positive()
      .default(730)
      .describe('Days an audit event (audit.*: logins, playback, exports, administrative changes) is kept.'),
    maxDbGb: z
      .number()
      .positive()
      .default(4)
      .describe('Space reserved for the database (vigil.db), in GB: beyond it the oldest events are deleted.'),
    coalesceSeconds: z
      .number()
      .min(1)
      .max(3600)
      .default(60)
      .describe('Window in which repeated identical failures (logins, refused pushes) become one summary event.'),
  })
  .describe('Event log retention, its space budget and the coalescing of repeated failures.');

const bucket = (burst: number, perMinute: number, what: string) =>
  z
    .strictObject({
      burst: z.number().int().min(1).default(burst).describe(`Requests one address may make at once (${what}).`),
      perMinute: z
        .number()
        .positive()
        .default(perMinute)
        .describe(`Requests per minute one address may make after the burst (${what}).`),
    })
    .prefault({})
    .describe(`Token bucket per client address for ${what}; beyond it 429 with Retry-After.`);

export const RateLimitConfig = z
  .strictObject({
    login: bucket(30, 30, 'login attempts'),
    anonymous: bucket(300, 300, 'requests without a session'),
  })
  .describe('Rate limits per client address on what is reachable without a session.');

export const VigilConfig = z
  .strictObject({
    server: ServerConfig.prefault({}),
    dataDir: z
      .string()
      .min(1)
      .default('./data')
      .describe('Directory for the SQLite database, recordings and exports (VIGIL_DATA_DIR); created when missing.'),
    log: LogConfig.prefault({}),
    ffmpeg: FfmpegConfig.prefault({}),
    admin: AdminConfig.prefault({}),
    auth: AuthConfig.prefault({}),
    demo: DemoConfig.prefault({}),
    push: PushConfig.prefault({}),
    secretKey: z
      .string()
      .min(16)
      .optional()
      .describe(
        'Key that encrypts camera credentials at rest (VIGIL_SECRET_KEY); else <dataDir>/secret.key, made once.',
      ),
    recording: RecordingConfig.prefault({}),
    playback: PlaybackConfig.prefault({}),
    exports: ExportsConfig.prefault({}),
    events: EventsConfig.prefault({}),
    rateLimit: RateLimitConfig.prefault({}),
    registration: RegistrationConfig.prefault({}),
    ingest: IngestConfig.prefault({}),
    transcode: TranscodeConfig.prefault({}),
    federation: FederationConfig.prefault({}),
    scores: ScoresConfig.prefault({}),
    imageHealth: ImageHealthConfig.prefault({}),
  })
  .describe('Vigil hub configuration.');

export type VigilConfig = z.infer<typeof VigilConfig>;
export type VigilConfigInput = z.input<typeof VigilConfig>;

/** The JSON Schema of the config file (input side: defaults are optional), for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://vigil.invalid/vigil.schema.json',
    title: 'Vigil configuration',
    ...z.toJSONSchema(VigilConfig, { io: 'input', target: 'draft-2020-12' }),
  };
}
