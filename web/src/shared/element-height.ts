// The height of an element in pixels, kept up to date as it resizes (virtual lists need theirs as a number).
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function useElementHeight() {
  const element = ref<HTMLElement>();
  const height = ref(0);
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    observer = new ResizeObserver(([entry]) => (height.value = Math.floor(entry?.contentRect.height ?? 0)));
    if (element.value) observer.observe(element.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return { element, height };
}
