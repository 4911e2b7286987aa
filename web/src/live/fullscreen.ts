// Full screen for a tile or the whole grid: the Fullscreen API and the F key.

/** Puts `element` in full screen, or leaves full screen when it already is. */
export function toggleFullscreen(element: HTMLElement): void {
  if (document.fullscreenElement === element) {
    document.exitFullscreen().catch((error: unknown) => console.warn('exitFullscreen failed', error));
    return;
  }
  element.requestFullscreen().catch((error: unknown) => console.warn('requestFullscreen failed', error));
}

/** F puts `target` in full screen (a focused tile takes F for itself), unless the key is typed into a field. */
export function fullscreenShortcut(target: () => HTMLElement | undefined): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.key.toLowerCase() !== 'f' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented)
      return;
    if (event.target instanceof Element && event.target.closest('input, textarea, [contenteditable="true"]')) return;
    const element = target();
    if (!element) return;
    toggleFullscreen(element);
    event.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
