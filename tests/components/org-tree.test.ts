// The org tree at province size in Chromium: a virtual window of rows, search as you type, live status dots.
import { defineComponent, h } from 'vue';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import OrgTree from '../../web/src/org/OrgTree.vue';
import { OrgModel } from '../../web/src/org/model.js';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { BRANCHES, DEEP_CAMERA, provinceTree } from '../fixtures/province-tree.js';

/** The tree in a sidebar of a 1280×720 screen; resolves once its first rows are drawn, with the time that took. */
async function renderTree() {
  const model = new OrgModel(provinceTree());
  const activated: string[] = [];
  const started = performance.now();
  render(
    defineComponent(
      () => () =>
        h('div', { style: 'display: flex; height: 640px; width: 260px' }, [
          h(OrgTree, { model, onScreen: new Set<string>(), onActivate: (id: string) => activated.push(id) }),
        ]),
    ),
  );
  await expect.element(page.getByTestId('camera-item').first()).toBeInTheDocument();
  return { model, activated, renderMs: performance.now() - started };
}

const cameraRows = () => document.querySelectorAll<HTMLElement>('[data-testid="camera-item"]');
const rowTexts = () =>
  [...document.querySelectorAll<HTMLElement>('[data-testid="org-tree"] .tree-row')].map((row) => row.textContent ?? '');

describe('OrgTree at province size', () => {
  setLanguage('zh-CN');

  it('draws only a window of its rows, quickly', async () => {
    const { model, renderMs } = await renderTree();
    const cameras = model.allCameras().length;
    console.info(
      `org tree: ${cameras} cameras under ${BRANCHES} branches, first rows drawn in ${renderMs.toFixed(0)} ms`,
    );
    expect(cameras).toBeGreaterThanOrEqual(500);
    // Every row is open (center, branches, enterprises, cameras: over 600), yet only those in view are in the DOM.
    const rows = document.querySelectorAll('[data-testid="org-tree"] .tree-row').length;
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThan(60);
    expect(renderMs).toBeLessThan(3_000);
    await expect.element(page.getByTestId('online-count')).toHaveTextContent(`/${cameras}`);
  });

  it('finds a camera deep in the tree as the name is typed, under its branch and enterprise', async () => {
    const { activated } = await renderTree();
    expect([...cameraRows()].some((row) => row.dataset.cameraId === DEEP_CAMERA.id)).toBe(false);
    await page.getByTestId('org-search').fill(DEEP_CAMERA.name.slice(0, 4));
    await expect.poll(() => [...cameraRows()].map((row) => row.dataset.cameraId)).toEqual([DEEP_CAMERA.id]);
    // Its path: the center, its branch, its enterprise, then the camera.
    expect(rowTexts().map((text) => text.trim())).toEqual([
      '省监控中心',
      `第${BRANCHES}分局`,
      expect.stringContaining(`第${BRANCHES}分局企业3`),
      expect.stringContaining(DEEP_CAMERA.name),
    ]);
    await page.getByTestId('camera-item').click();
    expect(activated).toEqual([DEEP_CAMERA.id]);
    // An enterprise's name finds all its cameras.
    await page.getByTestId('org-search').fill(`第${BRANCHES}分局企业2`);
    await expect.poll(() => cameraRows().length).toBe(5);
    // Clearing the search shows the whole tree again.
    await page.getByTestId('org-search').fill('');
    await expect.poll(() => rowTexts()[1]?.trim()).toBe('第01分局');
  });

  it('repaints the dot of a camera whose status changes, and only its row', async () => {
    const { model } = await renderTree();
    const [first, second] = cameraRows();
    const id = first?.dataset.cameraId as string;
    expect(first?.dataset.status).toBe('online');
    const online = model.counts().online;
    const secondText = second?.outerHTML;
    model.applyStatus({ cameraId: id, status: 'offline', reason: 'camera unreachable', at: new Date().toISOString() });
    await expect.poll(() => first?.dataset.status).toBe('offline');
    // The same element, repainted in place; the row next to it untouched.
    expect(cameraRows()[0]).toBe(first);
    expect(cameraRows()[1]?.outerHTML).toBe(secondText);
    await expect.element(page.getByTestId('online-count')).toHaveTextContent(`在线 ${online - 1}/`);
  });
});
