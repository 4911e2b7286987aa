// The camera tabs of the admin page, in order: cameras, discovery, CSV import, push settings.
import type { AdminTab } from '../tabs.js';
import { camerasTab } from './cameras-tab.js';
import { discoveryTab } from './discovery-tab.js';
import { importTab } from './import-tab.js';
import { pushTab } from './push-tab.js';

export const CAMERA_TABS: readonly AdminTab[] = [camerasTab, discoveryTab, importTab, pushTab];
