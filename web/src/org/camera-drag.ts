// Dragging a camera from the tree onto a tile: the payload type both ends agree on.
export const CAMERA_DRAG_TYPE = 'application/x-vigil-camera';

export function startCameraDrag(event: DragEvent, cameraId: string): void {
  if (!event.dataTransfer) return;
  event.dataTransfer.setData(CAMERA_DRAG_TYPE, cameraId);
  event.dataTransfer.setData('text/plain', cameraId);
  event.dataTransfer.effectAllowed = 'copy';
}
