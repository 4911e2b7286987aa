// Image health as the hub builds it: the check store over the database, stills from the running cameras.
import type { VigilConfig } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { DomainEvent } from '../events/index.js';
import type { Logger } from '../shared/logger.js';
import { ImageCheckStore } from './check-store.js';
import { ImageHealth, type CheckedCamera } from './image-health.js';

export interface ImageHealthWiring {
  db: Db;
  /** The hub's configuration: its data directory and its `imageHealth` section. */
  config: Pick<VigilConfig, 'dataDir' | 'imageHealth'>;
  /** The running cameras: a small still of one, started for it when it is not running. */
  fleet: { snapshot(cameraId: string, stream: 'sub', size: 'thumbnail'): Promise<{ jpeg: Buffer } | undefined> };
  cameras: { list(): readonly CheckedCamera[]; get(id: string): CheckedCamera | undefined };
  publish: (event: DomainEvent) => void;
  now?: (() => number) | undefined;
  logger: Logger;
}

export function createImageHealth(deps: ImageHealthWiring) {
  const store = new ImageCheckStore(deps.db);
  // The sub stream where there is one (the fleet falls back to the main): a still at most 640 pixels wide is enough.
  const { dataDir, imageHealth: config } = deps.config;
  const checks = new ImageHealth({
    ...{ store, config, dataDir, cameras: deps.cameras, publish: deps.publish, now: deps.now },
    stills: (cameraId) => deps.fleet.snapshot(cameraId, 'sub', 'thumbnail'),
    logger: deps.logger.child({ module: 'image-health' }),
  });
  return { checks, store, historyLimit: config.historyLimit };
}
