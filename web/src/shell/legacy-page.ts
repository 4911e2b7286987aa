// A page still written as a plain DOM class, hosted by a Vue component until it is rewritten as one.
import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { isOwnWrite, paramsOf } from '../shared/router.js';

/** A plain page: built when its route is entered, told of parameter changes while it stays, destroyed on leaving. */
export interface PlainPage {
  element: HTMLElement;
  destroy(): void;
  /** Absent: a parameter change rebuilds the page. */
  applyParams?(params: URLSearchParams): void;
}

/** The route component of route `name` around `build`; the page's code is loaded when the route is first entered. */
export function hostedPage(name: string, build: (params: URLSearchParams) => Promise<PlainPage>) {
  return defineComponent({
    name,
    setup() {
      const route = useRoute();
      const host = ref<HTMLElement | null>(null);
      let page: PlainPage | null = null;
      let alive = true;
      let generation = 0;

      const mount = async (): Promise<void> => {
        const mine = ++generation;
        page?.destroy();
        page = null;
        const built = await build(paramsOf(route));
        // The route may have been left, or changed again, while the page's code was loading.
        if (!alive || mine !== generation) return built.destroy();
        page = built;
        host.value?.replaceChildren(built.element);
      };

      onMounted(() => void mount());
      watch(
        () => route.fullPath,
        () => {
          // Leaving for another page unmounts this one; only its own addresses concern it.
          if (route.name !== name || isOwnWrite(route)) return;
          if (page?.applyParams) page.applyParams(paramsOf(route));
          else void mount();
        },
      );
      onBeforeUnmount(() => {
        alive = false;
        page?.destroy();
      });
      return () => h('div', { ref: host, class: 'page-host' });
    },
  });
}
