// Live camera statuses as reactive state: one entry per camera, so a status message repaints that camera's row only.
import { computed, onScopeDispose, shallowReactive, watch } from 'vue';
import type { CameraSummary } from '../../../src/contracts/index.js';
import type { OrgModel } from './model.js';

export type CameraState = Pick<CameraSummary, 'status' | 'statusReason' | 'statusReasonCode'>;

const stateOf = (camera: CameraSummary): CameraState => ({
  status: camera.status,
  statusReason: camera.statusReason,
  statusReasonCode: camera.statusReasonCode ?? null,
});

/** Follows the model's camera changes; `state(id)` is tracked per camera, `counts` per change. */
export function useCameraStates(model: () => OrgModel) {
  const states = shallowReactive(new Map<string, CameraState>());
  let stop: (() => void) | null = null;

  watch(
    model,
    (current) => {
      stop?.();
      states.clear();
      for (const camera of current.allCameras()) states.set(camera.id, stateOf(camera));
      stop = current.onCameraChange((camera) => {
        const before = states.get(camera.id);
        const after = stateOf(camera);
        // Health messages come every few seconds: only a changed status or reason is a new state.
        if (
          before?.status !== after.status ||
          before.statusReason !== after.statusReason ||
          before.statusReasonCode !== after.statusReasonCode
        )
          states.set(camera.id, after);
      });
    },
    { immediate: true },
  );
  onScopeDispose(() => stop?.());

  const counts = computed(() => {
    let online = 0;
    for (const state of states.values()) if (state.status === 'online') online += 1;
    return { online, total: states.size };
  });

  return { state: (cameraId: string): CameraState | undefined => states.get(cameraId), counts };
}
