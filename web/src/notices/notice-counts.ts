// The console badge of notices: open and overdue counts in the user's scope, read again whenever the hub says a
// notice changed (`notice:changed`), so the badge follows without a reload.
import { onBeforeUnmount, ref, watch } from 'vue';
import type { NoticeChangedMessage, NoticeCounts } from '../../../src/contracts/index.js';
import { useSession } from '../shell/session.js';
import { noticesApi } from './notices-api.js';

export function useNoticeCounts(onChanged?: (message: NoticeChangedMessage) => void) {
  const session = useSession();
  const counts = ref<NoticeCounts>({ open: 0, overdue: 0 });
  const reload = (): void => {
    noticesApi
      .counts()
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

/** Every enterprise of the user's org tree, for the forms' selects: id and name. */
export function enterprisesInTree(): Array<{ id: string; name: string }> {
  const session = useSession();
  const roots = session.model?.roots ?? [];
  const walk = (nodes: typeof roots): Array<{ id: string; name: string }> =>
    nodes.flatMap((node) => [...node.unit.enterprises.map(({ id, name }) => ({ id, name })), ...walk(node.children)]);
  return walk(roots);
}
