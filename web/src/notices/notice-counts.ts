// The console badge of notices: open and overdue counts in the user's scope, read again whenever the hub says a
// notice changed (`notice:changed`), so the badge follows without a reload.
import { onBeforeUnmount, ref, watch } from 'vue';
import type { NoticeChangedMessage, NoticeCounts } from '../../../src/contracts/index.js';
import { useSession } from '../shell/session.js';
import { request, required } from '../shared/api.js';

export function useNoticeCounts(onChanged?: (message: NoticeChangedMessage) => void) {
  const session = useSession();
  const counts = ref<NoticeCounts>({ open: 0, overdue: 0 });
  const reload = (): void => {
    // Read here, not through the page's API module: the top bar (in every page's first load) needs only this call.
    required(request<NoticeCounts>('/api/notices/summary'), 'notice counts')
      .then((next) => (counts.value = next))
      .catch((error: unknown) => console.warn('notice counts unavailable', error));
  };
  const changed = (message: NoticeChangedMessage): void => {
    reload();
    onChanged?.(message);
  };
  const stop = watch(
    () => session.realtime,
    (connection, previous) => {
      previous?.socket.off('notice:changed', changed);
      connection?.socket.on('notice:changed', changed);
      if (connection) reload();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stop();
    session.realtime?.socket.off('notice:changed', changed);
  });
  return { counts, reload };
}
