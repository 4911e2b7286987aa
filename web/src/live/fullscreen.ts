// Fullscreen API helpers for a tile or the whole grid.

/** Puts `element` in full screen, or leaves full screen when it already is. */
export function toggleFullscreen(element: HTMLElement): void {
  if (document.fullscreenElement === element) {
    document.exitFullscreen().catch((error: unknown) => console.warn('exitFullscreen failed', error));
    return;
  }
  element.requestFullscreen().catch((error: unknown) => console.warn('requestFullscreen failed', error));
}
