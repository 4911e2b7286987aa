// One retrieval of branch footage into the center, watched on the WAN link: the link's rate each second, the job's
// states, and a line drop partway through (the job must wait and resume).
import type { RetrievalJobView } from '../../src/contracts/index.js';
import { WanLab, type BranchSite } from './wan-lab.js';

export interface RetrievalRunOptions {
  /** The center's console, and a session that may play back the camera. */
  base: string;
  cookie: string;
  cameraId: string;
  fromMs: number;
  toMs: number;
  site: BranchSite;
  /** Cut the line once this many bytes arrived, for `dropSeconds`. */
  dropAfterBytes: number;
  dropSeconds: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
}

export interface RetrievalRun {
  job: RetrievalJobView;
  /** kbit/s on the branch → center line, per second, while the line was up. */
  samplesKbps: number[];
  peakKbps: number;
  /** The job said it was waiting for the line while it was cut. */
  waited: boolean;
  seconds: number;
  /** Bytes the line carried over the whole run, against the bytes retrieved. */
  lineBytes: number;
}

export async function runRetrieval(options: RetrievalRunOptions): Promise<RetrievalRun> {
  const { base, cookie, site, sleep } = options;
  const headers = { cookie, 'content-type': 'application/json', origin: base };
  const started = Date.now();
  const asked = await fetch(`${base}/playback/${options.cameraId}/retrievals`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ from: options.fromMs, to: options.toMs, reason: 'retrieval run' }),
  });
  if (asked.status !== 202) throw new Error(`retrieval refused: ${asked.status} ${await asked.text()}`);
  let job = (await asked.json()) as RetrievalJobView;
  const firstBytes = WanLab.receivedBytes(site);
  let lastBytes = firstBytes;
  let lastAt = Date.now();
  const samplesKbps: number[] = [];
  let waited = false;
  let dropped = false;
  while (job.state !== 'done' && job.state !== 'failed') {
    if (Date.now() - started > options.timeoutMs) throw new Error(`retrieval not done: ${JSON.stringify(job)}`);
    await sleep(1000);
    const bytes = WanLab.receivedBytes(site);
    const now = Date.now();
    samplesKbps.push(((bytes - lastBytes) * 8) / (now - lastAt));
    [lastBytes, lastAt] = [bytes, now];
    job = (await (await fetch(`${base}/playback/retrievals/${job.id}`, { headers })).json()) as RetrievalJobView;
    if (!dropped && job.bytesDone >= options.dropAfterBytes) {
      dropped = true;
      await WanLab.setWan(site, false);
      for (let second = 0; second < options.dropSeconds; second += 1) {
        await sleep(1000);
        const status = (await (
          await fetch(`${base}/playback/retrievals/${job.id}`, { headers })
        ).json()) as RetrievalJobView;
        waited ||= status.state === 'waiting';
      }
      await WanLab.setWan(site, true);
      [lastBytes, lastAt] = [WanLab.receivedBytes(site), Date.now()];
    }
  }
  return {
    job,
    samplesKbps,
    peakKbps: Math.max(0, ...samplesKbps),
    waited,
    seconds: (Date.now() - started) / 1000,
    lineBytes: WanLab.receivedBytes(site) - firstBytes,
  };
}
