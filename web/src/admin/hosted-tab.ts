// The camera tabs as they are built today (a render function giving an element) shown as admin tab components.
import { defineComponent, h, onBeforeUnmount, onMounted, ref, type PropType } from 'vue';
import type { SessionUser } from '../shared/api.js';
import type { MessageKey } from '../shared/i18n.js';
import type { RealtimeConnection } from '../shared/socket.js';
import type { AdminTab, AdminTabProps } from './admin-tab.js';

/** A tab that builds its own DOM: made when the tab opens, destroyed when it closes. */
export interface HostedTab {
  id: string;
  titleKey: MessageKey;
  render(context: AdminTabProps): { element: HTMLElement; destroy(): void };
}

export function hostedTab(tab: HostedTab): AdminTab {
  const component = defineComponent({
    name: `hosted-${tab.id}`,
    props: {
      user: { type: Object as PropType<SessionUser>, required: true },
      realtime: { type: Object as PropType<RealtimeConnection>, required: true },
    },
    setup(props) {
      const host = ref<HTMLElement | null>(null);
      let shown: ReturnType<HostedTab['render']> | null = null;
      onMounted(() => {
        shown = tab.render({ user: props.user, realtime: props.realtime });
        host.value?.replaceChildren(shown.element);
      });
      onBeforeUnmount(() => shown?.destroy());
      return () => h('div', { ref: host });
    },
  });
  return { id: tab.id, titleKey: tab.titleKey, component };
}
