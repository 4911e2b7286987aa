// What a started hub tells its caller, and the side effects a test may replace.
import type { HubEvent } from './events/index.js';
import type { FfmpegBinary } from './ffmpeg/index.js';
import type { RetentionPorts } from './recording/index.js';

export interface HubStartInfo {
  /** The console URL to print: HTTPS when enabled. */
  url: string;
  httpUrl: string;
  httpPort: number;
  httpsPort: number;
  ffmpeg: FfmpegBinary;
  generatedAdminPassword: string | undefined;
  seededDemo: boolean;
  /** The address the servers listen on. */
  host: string;
  /** Loopback only, because demo accounts keep the published password and the config names no host. */
  loopbackForDemo: boolean;
  /** The demo accounts that keep the published password. */
  demoAccounts: string[];
  /** The embedded nats-server's ports when federated. */
  nats: { client: number; leaf: number | undefined } | undefined;
}

/** Side effects a test may replace: the size and free space of the data volume. */
export interface HubPorts {
  statfs?: RetentionPorts['statfs'];
}

/** The event that says the hub is up, with the versions it runs. */
export function startedEvent(version: string, ffmpeg: Pick<FfmpegBinary, 'versionText'>): HubEvent {
  return {
    type: 'hub.started',
    severity: 'info',
    message: `Vigil ${version} started`,
    data: { version, ffmpeg: ffmpeg.versionText },
  };
}
