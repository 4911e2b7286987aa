// Camera registration as the API serves it: camera administration, discovery jobs, bounded stream tests, pushes.
import type { EventBus } from '../events/index.js';
import { probeStream, type FfmpegBinary } from '../ffmpeg/index.js';
import { guardCamera, type CameraStore, type OrgStore } from '../org/index.js';
import type { Logger } from '../shared/logger.js';
import { CameraAdmin, type FleetControl } from './camera-admin.js';
import { DiscoveryJobs } from './discovery-jobs.js';
import type { AdminReach } from './reach.js';
import { boundedStreamTests } from './stream-tests.js';

export interface RegistrationWiring {
  cameras: CameraStore;
  org: OrgStore;
  fleet: FleetControl;
  bus: EventBus;
  reach: AdminReach;
  ffmpeg: FfmpegBinary;
  logger: Logger;
  /** The RTMP gateway's side of pushed cameras, when pushes are on. */
  push?: PushControl | undefined;
  /** The address devices push to, as the config names it. */
  pushPublicUrl?: string | undefined;
}

export interface PushControl {
  readonly port: number;
  isPushing(cameraId: string): boolean;
  disconnect(cameraId: string): void;
}

export function cameraRegistration(deps: RegistrationWiring) {
  const { cameras, org, fleet, bus, reach, push } = deps;
  return {
    admin: new CameraAdmin({ cameras, org, fleet, bus, reach }),
    reach,
    discovery: new DiscoveryJobs({
      logger: deps.logger.child({ module: 'discovery' }),
      notify: (notice) => bus.notify(notice),
      reach,
      registered: (scope) =>
        new Map(
          cameras
            .list()
            .filter((camera) => guardCamera({ scope }, camera, 'see').ok)
            .flatMap((camera) => (camera.onvifUrl ? [[camera.onvifUrl, camera.id] as const] : [])),
        ),
    }),
    probe: boundedStreamTests((options: Omit<Parameters<typeof probeStream>[0], 'binary'>) =>
      probeStream({ ...options, binary: deps.ffmpeg }),
    ),
    push: push && {
      port: () => push.port,
      publicUrl: deps.pushPublicUrl,
      isPushing: (cameraId: string) => push.isPushing(cameraId),
      disconnect: (cameraId: string) => push.disconnect(cameraId),
    },
  };
}
