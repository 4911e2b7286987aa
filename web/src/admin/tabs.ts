// The admin page's tabs, in order: each is one line here, `{ id, titleKey, render }`, so new sections plug in alone.
import type { SessionUser } from '../shared/api.js';
import type { MessageKey } from '../shared/i18n.js';
import { CAMERA_TABS } from './cameras/admin-tabs.js';
import { enterprisesTab } from './enterprises-tab.js';
import { unitsTab } from './units-tab.js';
import { usersTab } from './users-tab.js';
import type { RealtimeConnection } from '../shared/socket.js';

export interface AdminContext {
  user: SessionUser;
  /** Job progress (discovery) arrives over it. */
  realtime: RealtimeConnection;
}

export interface AdminTab {
  id: string;
  titleKey: MessageKey;
  render(context: AdminContext): { element: HTMLElement; destroy(): void };
}

export const ADMIN_TABS: readonly AdminTab[] = [
  { id: 'units', titleKey: 'admin.tab.units', render: unitsTab },
  { id: 'enterprises', titleKey: 'admin.tab.enterprises', render: enterprisesTab },
  ...CAMERA_TABS, // cameras, discovery, import, push
  { id: 'users', titleKey: 'admin.tab.users', render: usersTab },
];
