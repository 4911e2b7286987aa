// Realtime camera status and health into the org model; live URLs the tree lacks are read again from the hub.
import type { CameraStatusMessage, StreamHealth } from '../../../src/contracts/index.js';
import { api } from '../shared/api.js';
import type { RealtimeConnection } from '../shared/socket.js';
import type { OrgModel } from '../org/model.js';

/** Cameras that came online without live URLs make us re-read `/api/cameras`, at most this often. */
const REFETCH_DELAY_MS = 1_000;

/** Applies the hub's camera messages to `model` while the live view is open; returns the function that stops it. */
export function followCameraUpdates(model: OrgModel, realtime: RealtimeConnection): () => void {
  const { socket } = realtime;
  let refetchTimer: ReturnType<typeof setTimeout> | undefined;
  const refetchSoon = (): void => {
    if (refetchTimer !== undefined) return;
    refetchTimer = setTimeout(() => {
      refetchTimer = undefined;
      api
        .cameras()
        .then((list) => model.merge(list.cameras))
        .catch((error: unknown) => console.warn('could not refresh cameras', error));
    }, REFETCH_DELAY_MS);
  };
  const onStatus = (message: CameraStatusMessage): void => {
    if (!model.applyStatus(message)) return;
    const camera = model.camera(message.cameraId);
    if (camera && !camera.live && (message.status === 'online' || message.status === 'starting')) refetchSoon();
  };
  const onHealth = (message: { cameraId: string; main: StreamHealth | null; sub: StreamHealth | null }): void =>
    model.applyHealth(message.cameraId, message.main, message.sub);
  socket.on('camera:status', onStatus);
  socket.on('camera:health', onHealth);
  // After a reconnect the statuses we hold may be stale: re-read them.
  const stopWatching = realtime.onConnectionChange((connected) => connected && refetchSoon());
  return () => {
    clearTimeout(refetchTimer);
    socket.off('camera:status', onStatus);
    socket.off('camera:health', onHealth);
    stopWatching();
  };
}
