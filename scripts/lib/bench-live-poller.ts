// A running hub over HTTP for benchmarks: its camera list, and a poller that keeps every LL-HLS packager alive.
import { setTimeout as delay } from 'node:timers/promises';

export const POLL_PERIOD_MS = 10_000;
const POLL_CONCURRENCY = 8;
/** Above the hub's own first-playlist wait (10 s), so the poller sees the hub's answer rather than its own timeout. */
const REQUEST_TIMEOUT_MS = 12_000;

export interface CameraJson {
  id: string;
  status: string;
  health: {
    main: { bitrateKbps: number | null; fps: number | null; restarts: number; engine?: string } | null;
  } | null;
}

/** GET /api/cameras, ended by `signal` or the request timeout. */
export async function listCameras(base: string, cookie: string, signal: AbortSignal): Promise<CameraJson[]> {
  const response = await fetch(`${base}/api/cameras`, {
    headers: { cookie },
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  if (response.status !== 200) throw new Error(`GET /api/cameras: ${response.status}`);
  return ((await response.json()) as { cameras: CameraJson[] }).cameras;
}

export interface PollStats {
  rounds: number;
  playlistsOk: number;
  mediaOk: number;
  mediaBytes: number;
  /** Failed requests once every camera was online (steady state). */
  errors: number;
  /** Failed requests while cameras were still starting (a 503 with the hub's reason, or a timeout). */
  startupErrors: number;
  lastErrors: string[];
  /** Seconds the last full round took. */
  lastRoundSeconds: number;
}

/**
 * Keeps every camera's LL-HLS packager alive: each round (every 10 s) fetches every camera's playlist and one
 * media object (alternately its newest complete segment and its newest listed part); init.mp4 in the first round.
 */
export class LivePoller {
  readonly stats: PollStats = {
    rounds: 0,
    playlistsOk: 0,
    mediaOk: 0,
    mediaBytes: 0,
    errors: 0,
    startupErrors: 0,
    lastErrors: [],
    lastRoundSeconds: 0,
  };
  private stopped = false;
  private steady = false;
  private readonly startedAt = Date.now();
  private loop: Promise<void> | undefined;
  private readonly stop = new AbortController();

  /** `limitMs` bounds the polling: at most one round per period for that long. */
  constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly ids: readonly string[],
    private readonly limitMs: number,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Every camera is online: failures from now on count as errors, not start-up refusals. */
  markSteady(): void {
    this.steady = true;
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.stop.abort();
    await Promise.race([this.loop, delay(REQUEST_TIMEOUT_MS + 2_000)]);
  }

  private async run(): Promise<void> {
    for (let round = 0; round < this.limitMs / POLL_PERIOD_MS && !this.stopped; round++) {
      const started = Date.now();
      const queue = [...this.ids];
      const worker = async (): Promise<void> => {
        for (let id = queue.shift(); id !== undefined && !this.stopped; id = queue.shift()) await this.one(id, round);
      };
      await Promise.all(Array.from({ length: POLL_CONCURRENCY }, worker));
      this.stats.rounds++;
      this.stats.lastRoundSeconds = (Date.now() - started) / 1000;
      const wait = POLL_PERIOD_MS - (Date.now() - started);
      if (wait > 0 && !this.stopped) await delay(wait, undefined, { signal: this.stop.signal }).catch(() => undefined);
    }
  }

  private async get(path: string): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      headers: { cookie: this.cookie },
      signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  }

  private async one(id: string, round: number): Promise<void> {
    const dir = `/live/${encodeURIComponent(id)}/main/`;
    try {
      const response = await this.get(`${dir}index.m3u8`);
      const text = await response.text();
      if (response.status !== 200 || !text.startsWith('#EXTM3U')) {
        return this.fail(`${id} playlist: HTTP ${response.status}${text ? ` (${text.slice(0, 120)})` : ''}`);
      }
      this.stats.playlistsOk++;
      const media: string[] = [];
      if (round === 0) media.push('init.mp4');
      const pick = mediaToFetch(text, round);
      if (pick) media.push(pick);
      for (const file of media) {
        const res = await this.get(dir + file);
        const body = await res.arrayBuffer();
        if (res.status !== 200 || body.byteLength === 0) this.fail(`${id} ${file}: HTTP ${res.status}`);
        else {
          this.stats.mediaOk++;
          this.stats.mediaBytes += body.byteLength;
        }
      }
    } catch (error) {
      if (!this.stopped) this.fail(`${id}: ${(error as Error).message}`);
    }
  }

  private fail(message: string): void {
    if (this.steady) this.stats.errors++;
    else this.stats.startupErrors++;
    // When it happened tells a start-up backlog from trouble under steady load.
    this.stats.lastErrors.push(`${message} at +${Math.round((Date.now() - this.startedAt) / 1000)} s`);
    if (this.stats.lastErrors.length > 5) this.stats.lastErrors.shift();
  }
}

/** The newest complete segment in even rounds, the newest listed part in odd ones (each falls back on the other). */
function mediaToFetch(playlist: string, round: number): string | undefined {
  const lines = playlist.split('\n');
  const segments = lines.filter((line) => /^seg-\d+\.m4s$/.test(line));
  const parts = lines
    .filter((line) => line.startsWith('#EXT-X-PART:'))
    .map((line) => /URI="([^"]+)"/.exec(line)?.[1])
    .filter((uri): uri is string => uri !== undefined);
  return round % 2 === 0 ? (segments.at(-1) ?? parts.at(-1)) : (parts.at(-1) ?? segments.at(-1));
}
