// The cameras tab in Chromium: statuses worded from their codes in the console's language and pushed as they change,
// sorting over every camera and paging.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import type { AdminCamera, CameraStatusMessage, SessionUser } from '../../src/contracts/index.js';
import CamerasTab from '../../web/src/admin/cameras/CamerasTab.vue';
import { setLanguage } from '../../web/src/shared/i18n.js';
import type { RealtimeConnection } from '../../web/src/shared/socket.js';
import { adminCamera, answerFetches } from './camera-fixtures.js';

const USER: SessionUser = {
  username: 'center-admin',
  displayName: 'Center admin',
  role: 'admin',
  orgUnitId: 'unit-1',
  orgUnitName: '监控中心',
  scope: 'province',
};

/** A realtime connection whose pushes the test makes. */
function fakeRealtime() {
  const listeners = new Map<string, (message: CameraStatusMessage) => void>();
  const socket = {
    on: (event: string, listener: (message: CameraStatusMessage) => void) => listeners.set(event, listener),
    off: (event: string) => listeners.delete(event),
  };
  return {
    realtime: { socket } as unknown as RealtimeConnection,
    push: (message: CameraStatusMessage) => listeners.get('camera:status')?.(message),
  };
}

let cameras: AdminCamera[] = [];

beforeEach(() => {
  answerFetches((path) => ({ status: 200, body: path.startsWith('/api/org/tree') ? { units: [] } : { cameras } }));
});

afterEach(() => {
  vi.restoreAllMocks();
  setLanguage('zh-CN');
});

const names = () => Array.from(document.querySelectorAll('[data-testid="camera-row"]'), (row) => row.textContent);

describe('CamerasTab', () => {
  it('words a status from its code in the console language and takes the statuses the hub pushes', async () => {
    setLanguage('zh-CN');
    cameras = [
      adminCamera('gate', '东门', {
        status: 'offline',
        statusReason: 'camera unreachable',
        statusReasonCode: 'unreachable',
      }),
    ];
    const { realtime, push } = fakeRealtime();
    render(CamerasTab, { props: { user: USER, realtime } });
    const status = page.getByTestId('camera-status');
    await expect.element(status).toHaveTextContent('离线：无法连接摄像机');
    setLanguage('en');
    await expect.element(status).toHaveTextContent('Offline: camera unreachable');
    push({ cameraId: 'gate', status: 'online', reason: null, reasonCode: null, at: new Date().toISOString() });
    await expect.element(status).toHaveTextContent('Online');
    await expect.element(status).toHaveAttribute('data-status', 'online');
  });

  it('sorts every camera, not only the page shown, and pages them', async () => {
    setLanguage('zh-CN');
    cameras = Array.from({ length: 25 }, (_, index) => adminCamera(`c${index + 1}`, `点位 ${index + 1}`));
    render(CamerasTab, { props: { user: USER, realtime: fakeRealtime().realtime } });
    await expect.poll(names).toHaveLength(20);
    expect(names().slice(0, 3)).toEqual(['点位 1', '点位 2', '点位 3']);
    // Descending by name (the header's next order): the last camera comes first, though it was on the second page.
    await page.getByRole('columnheader', { name: '名称' }).click();
    await expect.poll(() => names()[0]).toBe('点位 25');
    await page.getByRole('listitem').filter({ hasText: /^2$/ }).click();
    await expect.poll(names).toEqual(['点位 5', '点位 4', '点位 3', '点位 2', '点位 1']);
  });
});
