// What an admin tab is: an id for the address (`#/admin?tab=users`), a title, and the Vue component that shows it.
import type { Component } from 'vue';
import type { SessionUser } from '../shared/api.js';
import type { MessageKey } from '../shared/i18n.js';
import type { RealtimeConnection } from '../shared/socket.js';

/** The props every tab component receives. */
export interface AdminTabProps {
  user: SessionUser;
  /** Job progress (discovery) arrives over it. */
  realtime: RealtimeConnection;
}

export interface AdminTab {
  id: string;
  titleKey: MessageKey;
  /** A component taking `AdminTabProps`; load it lazily (`defineAsyncComponent`) when it is heavy. */
  component: Component;
}
