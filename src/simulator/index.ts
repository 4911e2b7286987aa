// Simulated cameras: the public API of the RTSP camera fleet used by the demo, the tests and the benchmarks.
export {
  CameraSimulator,
  DEFAULT_FONT,
  simulatedCameras,
  type CameraSimulatorOptions,
  type SimulatedCameraConfig,
  type SimulatedStream,
  type SimulatedSubStream,
} from './simulator.js';
export { PICTURE_FAULTS, type PictureFault, type TestPattern } from './encoder.js';
export { defaultClipCacheDir } from './clip-loop.js';
export { DemoFleet, type DemoFleetOptions } from './demo-fleet.js';
export { OnvifDeviceSimulator, type OnvifDeviceSimulatorOptions, type OnvifSimCamera } from './onvif-device.js';
export { WsDiscoveryResponder, type WsDiscoveryResponderOptions } from './onvif-discovery.js';
