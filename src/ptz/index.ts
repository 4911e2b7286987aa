// PTZ: steering ONVIF domes from the console (one user at a time, audited) and their presets.
import type { PtzSteerer } from '../contracts/index.js';
import type { AuditEvent } from '../events/index.js';
import type { Logger } from '../shared/logger.js';
import { PtzDevices, type PtzCameraSource } from './devices.js';
import { PtzService } from './ptz-service.js';

export { PtzService, type PtzCaller, type PtzServiceOptions } from './ptz-service.js';
export { PtzDevices, type PtzCameraSource } from './devices.js';
export { SteeringLock, STEERING_IDLE_MS, type Steerer, type SteeringSession, type SteeringEnd } from './steering.js';

/** The hub's PTZ: devices found through the camera store, audit on the bus, steering changes to the camera's viewers. */
export function createPtz(deps: {
  cameras: PtzCameraSource & { get(id: string): { orgUnitId: string } | undefined };
  bus: { publish(event: AuditEvent): void };
  logger: Logger;
  onSteering: (orgUnitId: string, message: { cameraId: string; steering: PtzSteerer | null }) => void;
}): PtzService {
  return new PtzService({
    devices: new PtzDevices(deps.cameras, deps.logger.child({ module: 'ptz' })),
    publish: (event) => deps.bus.publish(event),
    onSteering: (cameraId, steering) => {
      const orgUnitId = deps.cameras.get(cameraId)?.orgUnitId;
      if (orgUnitId) deps.onSteering(orgUnitId, { cameraId, steering });
    },
  });
}
