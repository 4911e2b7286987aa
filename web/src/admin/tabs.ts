// The admin page's tabs, in order: each is one line here, `{ id, titleKey, component }`, so new sections plug in alone.
import type { AdminTab } from './admin-tab.js';
import { CAMERA_TABS } from './cameras/admin-tabs.js';
import EnterprisesTab from './EnterprisesTab.vue';
import UnitsTab from './UnitsTab.vue';
import UsersTab from './UsersTab.vue';

export const ADMIN_TABS: readonly AdminTab[] = [
  { id: 'units', titleKey: 'admin.tab.units', component: UnitsTab },
  { id: 'enterprises', titleKey: 'admin.tab.enterprises', component: EnterprisesTab },
  ...CAMERA_TABS, // cameras, discovery, import, push
  { id: 'users', titleKey: 'admin.tab.users', component: UsersTab },
];
