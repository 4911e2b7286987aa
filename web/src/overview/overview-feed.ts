// The overview screen's figures: read once (`GET /api/overview`), then kept current by the hub's `overview:update`
// over the console's socket (asked for with `overview:watch`, again after every reconnection). Never polled.
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import type { Overview } from '../../../src/contracts/index.js';
import { reportsApi } from '../reports/reports-api.js';
import { errorMessage } from '../shared/api.js';
import { useSession } from '../shell/session.js';
import { ot } from './messages.js';

export function useOverviewFeed() {
  const session = useSession();
  const overview = shallowRef<Overview | null>(null);
  const failure = ref('');
  /** How many pushed updates arrived (the screen marks itself with it). */
  const updates = ref(0);

  /** Figures older than those shown (a slow first read behind a push) are dropped. */
  const show = (next: Overview): boolean => {
    if (overview.value && next.generatedAt < overview.value.generatedAt) return false;
    overview.value = next;
    failure.value = '';
    return true;
  };
  const pushed = (next: Overview): void => {
    if (show(next)) updates.value += 1;
  };
  const ask = (): void => void session.realtime?.socket.emit('overview:watch', true);

  reportsApi
    .overview()
    .then(show)
    .catch((error: unknown) => (failure.value = ot('overview.error', { message: errorMessage(error) })));

  const stop = watch(
    () => session.realtime,
    (connection, previous) => {
      previous?.socket.off('overview:update', pushed).off('connect', ask);
      if (!connection) return;
      connection.socket.on('overview:update', pushed).on('connect', ask);
      if (connection.socket.connected) ask();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stop();
    const socket = session.realtime?.socket;
    socket?.off('overview:update', pushed).off('connect', ask);
    socket?.emit('overview:watch', false);
  });
  return { overview, failure, updates };
}
