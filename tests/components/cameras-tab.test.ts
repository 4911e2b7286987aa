// The cameras tab in Chromium against a real hub: statuses worded from their codes as the hub pushes them, in the
// console's language, sorting over every camera before paging, and a camera's picture checked on demand.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import type { SessionUser } from '../../src/contracts/index.js';
import CamerasTab from '../../web/src/admin/cameras/CamerasTab.vue';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { connectRealtime, type RealtimeConnection } from '../../web/src/shared/socket.js';
import { addCameras, logIn, restoreCamerasAfterEach, unreachableCamera } from './hub-session.js';

/** A camera nothing answers reconnects for 10 s before the hub calls it offline; some margin for a busy machine. */
const OFFLINE_WITHIN_MS = 30_000;

let user: SessionUser;
let realtime: RealtimeConnection | undefined;

beforeAll(async () => {
  user = await logIn();
});
restoreCamerasAfterEach();

afterEach(() => {
  realtime?.close();
  realtime = undefined;
  setLanguage('zh-CN');
});

function openTab(): void {
  realtime = connectRealtime();
  render(CamerasTab, { props: { user, realtime } });
}

const names = () => Array.from(document.querySelectorAll('[data-testid="camera-row"]'), (row) => row.textContent);

describe('CamerasTab', () => {
  it(
    'words the status the hub pushes from its code, in the console language',
    async () => {
      setLanguage('zh-CN');
      // Recorded, so the hub keeps trying it without a viewer.
      await addCameras([unreachableCamera('东门', { recordMode: 'continuous' })]);
      openTab();
      const status = page.getByTestId('camera-status');
      await expect.element(status, { timeout: OFFLINE_WITHIN_MS }).toHaveAttribute('data-status', 'offline');
      await expect.element(status).toHaveTextContent('离线：无法连接摄像机');
      setLanguage('en');
      await expect.element(status).toHaveTextContent('Offline: camera unreachable');
    },
    OFFLINE_WITHIN_MS + 15_000,
  );

  it('sorts every camera, not only the page shown, and pages them', async () => {
    setLanguage('zh-CN');
    // Disabled: the hub keeps them without trying their streams.
    const numbers = Array.from({ length: 25 }, (_, index) => index + 1);
    await addCameras(numbers.map((n) => unreachableCamera(`点位 ${n}`, { enabled: false })));
    openTab();
    await expect.poll(names).toHaveLength(20);
    expect(names().slice(0, 3)).toEqual(['点位 1', '点位 2', '点位 3']);
    // Descending by name (the header's next order): the last camera comes first, though it was on the second page.
    await page.getByRole('columnheader', { name: '名称' }).click();
    await expect.poll(() => names()[0]).toBe('点位 25');
    await page.getByRole('listitem').filter({ hasText: /^2$/ }).click();
    await expect.poll(names).toEqual(['点位 5', '点位 4', '点位 3', '点位 2', '点位 1']);
  });

  it('shows a camera not checked yet, and checks its picture on demand (no picture: unavailable)', async () => {
    setLanguage('zh-CN');
    await addCameras([unreachableCamera('北门')]);
    openTab();
    const health = page.getByTestId('image-health');
    await expect.element(health).toHaveAttribute('data-verdict', 'none');
    await expect.element(health).toHaveTextContent('未检测');
    await page.getByTestId('image-check').click();
    // The hub waits a few seconds for a keyframe that never comes.
    await expect.element(health, { timeout: 20_000 }).toHaveAttribute('data-verdict', 'unavailable');
    await expect.element(health).toHaveTextContent('无画面');
  }, 30_000);
});
