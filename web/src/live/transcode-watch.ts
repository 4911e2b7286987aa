// Polls a playing transcode's status.json (size, rate, the hub's CPU for it) so its tile can say what it costs.
import type { TranscodeStatus } from '../../../src/contracts/index.js';

/** The hub measures its transcoder's CPU every 2 s; asking more often would show nothing new. */
const POLL_MS = 3_000;

export class TranscodeWatch {
  private current: TranscodeStatus | null = null;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly url: string;
  private stopped = false;

  /** `playlistUrl`: the transcode's index.m3u8; its status.json lies next to it. */
  constructor(
    playlistUrl: string,
    private readonly onChange: () => void,
  ) {
    this.url = new URL('status.json', new URL(playlistUrl, location.href)).pathname;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    void this.poll();
  }

  /** The latest figures; null before the first answer or while the transcode is (re)starting. */
  get status(): TranscodeStatus | null {
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    let next: TranscodeStatus | null = null;
    try {
      const response = await fetch(this.url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      // 404 until the player's first playlist request has started the transcode.
      next = response.ok ? ((await response.json()) as TranscodeStatus) : null;
    } catch (error) {
      // The hub is unreachable for a moment: the player says so; the label keeps its last figures.
      console.warn('transcode status not read', error);
      return;
    }
    if (this.stopped) return;
    this.current = next;
    this.onChange();
  }
}
