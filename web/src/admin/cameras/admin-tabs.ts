// The camera tabs of the admin page, in order: cameras, discovery, CSV import, push settings; each loads when first opened.
import { defineAsyncComponent } from 'vue';
import type { AdminTab } from '../admin-tab.js';

export const CAMERA_TABS: readonly AdminTab[] = [
  {
    id: 'cameras',
    titleKey: 'adminCam.tab.cameras',
    component: defineAsyncComponent(() => import('./CamerasTab.vue')),
  },
  {
    id: 'discovery',
    titleKey: 'adminCam.tab.discovery',
    component: defineAsyncComponent(() => import('./DiscoveryTab.vue')),
  },
  { id: 'import', titleKey: 'adminCam.tab.import', component: defineAsyncComponent(() => import('./ImportTab.vue')) },
  { id: 'push', titleKey: 'adminCam.tab.push', component: defineAsyncComponent(() => import('./PushTab.vue')) },
];
