// The live page in Chromium around a province tree: the grid fills any screen, the view lives in the address, F for
// full screen, cameras from the tree by click and by drag.
import { createPinia } from 'pinia';
import { defineComponent, h, markRaw } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import LivePage from '../../web/src/live/LivePage.vue';
import { OrgModel } from '../../web/src/org/model.js';
import { i18n, setLanguage } from '../../web/src/shared/i18n.js';
import { createConsoleRouter, ROUTES, type PageName } from '../../web/src/shared/router.js';
import type { RealtimeConnection } from '../../web/src/shared/socket.js';
import { useSession } from '../../web/src/shell/session.js';
import { provinceTree } from '../fixtures/province-tree.js';

const Blank = defineComponent(() => () => null);

/** The page in a session over the province tree, with a realtime connection that stays quiet. */
async function renderPage(address: string) {
  const pinia = createPinia();
  const session = useSession(pinia);
  const model = new OrgModel(provinceTree());
  const watched: string[][] = [];
  const realtime: RealtimeConnection = {
    socket: { on: () => undefined, off: () => undefined } as unknown as RealtimeConnection['socket'],
    onConnectionChange: () => () => undefined,
    watch: (ids) => void watched.push(ids),
    close: () => undefined,
  };
  session.model = markRaw(model);
  session.realtime = markRaw(realtime);
  const blanks = Object.fromEntries(ROUTES.filter((name) => name !== 'login').map((name) => [name, Blank]));
  const router = createConsoleRouter({ ...(blanks as Record<PageName, typeof Blank>), live: LivePage }, Blank);
  await router.push(address);
  render(
    defineComponent(() => () => h('div', { style: 'position: fixed; inset: 0; display: flex' }, [h(LivePage)])),
    { global: { plugins: [pinia, router, i18n] } },
  );
  await expect.element(page.getByTestId('camera-item').first()).toBeInTheDocument();
  return { model, router, watched };
}

const rect = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)!.getBoundingClientRect();
const tiles = () => window.__vigil?.tiles() ?? [];

describe('LivePage', () => {
  setLanguage('zh-CN');
  afterEach(async () => {
    if (document.fullscreenElement) await document.exitFullscreen();
  });

  it('fills the screen with the grid from 1280×720 up to a 4K wall', async () => {
    await renderPage('/live?grid=4&cameras=b1-e1-c1,b1-e1-c2');
    for (const [width, height] of [
      [1280, 720],
      [3840, 2160],
    ] as const) {
      await page.viewport(width, height);
      await expect.poll(() => Math.round(rect('grid').right)).toBe(width);
      expect(Math.round(rect('grid').bottom)).toBe(height);
      const sidebar = document.querySelector('.sidebar')!.getBoundingClientRect().width;
      if (width === 1280) expect(sidebar).toBeLessThanOrEqual(260);
      // The grid takes the rest of the screen beside the tree.
      expect(rect('grid').width).toBeGreaterThanOrEqual(width - sidebar - 2);
    }
  });

  it('writes the view into the address and opens a view written there', async () => {
    const { router, model, watched } = await renderPage('/live?grid=4&cameras=b1-e1-c1,b1-e1-c2');
    expect(tiles().map((tile) => tile.cameraId)).toEqual(['b1-e1-c1', 'b1-e1-c2', null, null]);
    expect(watched.at(-1)).toEqual(['b1-e1-c1', 'b1-e1-c2']);
    await page.getByTestId('layout-9').click();
    await expect.poll(() => router.currentRoute.value.query).toEqual({ grid: '9', cameras: 'b1-e1-c1,b1-e1-c2' });
    // A link elsewhere (or the back button) changes the address: the page opens that view.
    const camera = model.allCameras()[40]!;
    await router.push({ path: '/live', query: { camera: camera.id } });
    await expect.poll(() => window.__vigil?.layout()).toBe(1);
    expect(tiles()[0]?.cameraId).toBe(camera.id);
    await expect.element(page.getByTestId('view-title')).toHaveTextContent(camera.name);
    await router.push({ path: '/live', query: { grid: '16', all: '1' } });
    await expect.poll(() => tiles().length).toBe(16);
    expect(tiles()[15]?.cameraId).toBe(model.allCameras()[15]?.id);
  });

  it('puts a camera clicked in the tree into the selected tile, and one dragged onto the tile dropped on', async () => {
    await renderPage('/live?grid=4');
    const rows = page.getByTestId('camera-item');
    const first = rows.nth(0);
    const firstId = await first.element().getAttribute('data-camera-id');
    await first.click();
    await expect.poll(() => tiles()[0]?.cameraId).toBe(firstId);
    const second = rows.nth(1);
    await userEvent.dragAndDrop(second, page.getByTestId('tile').nth(3));
    await expect.poll(() => tiles()[3]?.cameraId).toBe(second.element().getAttribute('data-camera-id'));
  });

  it('toggles full screen for the grid with F, but not while typing a search', async () => {
    await renderPage('/live?grid=4&cameras=b1-e1-c1');
    await page.getByTestId('org-search').click();
    await userEvent.keyboard('f');
    expect(document.fullscreenElement).toBeNull();
    await page.getByTestId('view-title').click();
    await userEvent.keyboard('f');
    await expect.poll(() => (document.fullscreenElement as HTMLElement | null)?.dataset.testid).toBe('grid');
    await userEvent.keyboard('f');
    await expect.poll(() => document.fullscreenElement).toBeNull();
  });
});
