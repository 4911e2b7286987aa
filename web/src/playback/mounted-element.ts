// An element built outside Vue (the video of hls.js, the timeline) put into a component's template at a ref.
import { onMounted, useTemplateRef } from 'vue';

export function useMountedElement(refName: string, element: Element): void {
  const host = useTemplateRef<HTMLElement>(refName);
  onMounted(() => host.value?.append(element));
}
