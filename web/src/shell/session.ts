// The logged-in session shared by every page: the user, the org tree with live statuses, the realtime connection.
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import { api, request, type SessionUser } from '../shared/api.js';
import { connectRealtime, type RealtimeConnection } from '../shared/socket.js';
import { OrgModel } from '../org/model.js';

export const useSession = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(null);
  /** Plain objects with listeners of their own: never made reactive (markRaw). */
  const model = shallowRef<OrgModel | null>(null);
  const realtime = shallowRef<RealtimeConnection | null>(null);
  const connected = ref(false);
  /** The hub is a center with branch links. */
  const hasLinks = ref(false);
  const version = ref('');
  let starting: Promise<void> | null = null;
  let stopWatching: (() => void) | null = null;

  async function open(): Promise<void> {
    const [me, tree, links] = await Promise.all([api.me(), api.orgTree(), api.federationLinks()]);
    const connection = markRaw(connectRealtime());
    stopWatching = connection.onConnectionChange((up) => (connected.value = up));
    connection.socket.on('connect_error', (error) => {
      // The hub refuses the socket without a valid session: asking for it again finds out. Unlike `api.me`, this
      // request hands a 401 to the console's handler, which ends the session and shows the login page.
      if (error.message === 'Login required') {
        request('/api/auth/me').catch((failure: unknown) => console.warn('session check failed', failure));
      }
    });
    user.value = me;
    model.value = markRaw(new OrgModel(tree));
    realtime.value = connection;
    hasLinks.value = links.length > 0;
    api
      .healthz()
      .then((health) => (version.value = health.version))
      .catch((error: unknown) => console.warn('healthz unavailable', error));
  }

  /** Starts the session once however many routes ask at the same time. */
  function start(): Promise<void> {
    if (user.value) return Promise.resolve();
    starting ??= open().finally(() => (starting = null));
    return starting;
  }

  /** Reads the org tree again (after admin changes to enterprises and cameras). */
  async function reloadTree(): Promise<void> {
    model.value = markRaw(new OrgModel(await api.orgTree()));
  }

  function end(): void {
    stopWatching?.();
    stopWatching = null;
    realtime.value?.close();
    realtime.value = null;
    model.value = null;
    user.value = null;
    connected.value = false;
  }

  async function logout(): Promise<void> {
    await api.logout().catch((error: unknown) => console.warn('logout failed', error));
    end();
  }

  return { user, model, realtime, connected, hasLinks, version, start, reloadTree, end, logout };
});
