// Simulated camera configs for tests: a live 320x240 25 fps H.264 camera with one-second GOPs and no sub stream.
import type { SimulatedCameraConfig } from '../../src/simulator/index.js';

/** A camera named after its id; `overrides` change any field (sub stream, auth, mode...). */
export function simulatedCamera(id: string, overrides: Partial<SimulatedCameraConfig> = {}): SimulatedCameraConfig {
  return {
    id,
    name: id,
    mode: 'live',
    width: 320,
    height: 240,
    fps: 25,
    gopSeconds: 1,
    bitrateKbps: 300,
    sub: false,
    ...overrides,
  };
}
