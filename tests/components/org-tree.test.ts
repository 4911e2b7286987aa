// The org tree at province size in Chromium: a virtual window of rows, search as you type, live status dots.
import { defineComponent, h } from 'vue';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import OrgTree from '../../web/src/org/OrgTree.vue';
import { OrgModel } from '../../web/src/org/model.js';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { BRANCHES, DEEP_CAMERA, provinceTree } from '../fixtures/province-tree.js';

/** The tree in a sidebar of a 1280×720 screen; resolves once its first rows are drawn, with the time that took. */
async function renderTree() {
  const model = new OrgModel(provinceTree());
  const updated: string[] = [];
  const activated: string[] = [];
  const shownAll: string[][] = [];
  const started = performance.now();
  render(
    defineComponent(
      () => () =>
        h('div', { style: 'display: flex; height: 640px; width: 260px' }, [
          h(OrgTree, {
            model,
            onScreen: new Set<string>(),
            onActivate: (id: string) => activated.push(id),
            onShowAll: (ids: string[]) => shownAll.push(ids),
          }),
        ]),
    ),
    {
      // Which components render again after their first render, by name.
      global: {
        mixins: [
          {
            updated(this: { $options: { name?: string; __name?: string } }) {
              updated.push(this.$options.name ?? this.$options.__name ?? '?');
            },
          },
        ],
      },
    },
  );
  await expect.element(page.getByTestId('camera-item').first()).toBeInTheDocument();
  return { model, activated, shownAll, updated, renderMs: performance.now() - started };
}

const cameraRows = () => document.querySelectorAll<HTMLElement>('[data-testid="camera-item"]');
const focusedText = () => document.activeElement?.textContent?.trim();
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
    const { model, updated } = await renderTree();
    const [first, second] = cameraRows();
    const id = first?.dataset.cameraId as string;
    expect(first?.dataset.status).toBe('online');
    const online = model.counts().online;
    const secondText = second?.outerHTML;
    updated.length = 0;
    model.applyStatus({ cameraId: id, status: 'offline', reason: 'camera unreachable', at: new Date().toISOString() });
    await expect.poll(() => first?.dataset.status).toBe('offline');
    // The same element, repainted in place; the row next to it untouched.
    expect(cameraRows()[0]).toBe(first);
    expect(cameraRows()[1]?.outerHTML).toBe(secondText);
    await expect.element(page.getByTestId('online-count')).toHaveTextContent(`在线 ${online - 1}/`);
    // Rendered again: that one row (and the count above the tree); never the tree or the other rows.
    expect(updated.filter((name) => name === 'OrgTreeRow')).toEqual(['OrgTreeRow']);
    expect(updated).not.toContain('ElTreeV2');
    expect(updated).not.toContain('ElTreeNode');
  });

  it('moves through its rows from the keyboard, to the last of 600 and back, and opens and closes units', async () => {
    const { model, activated, shownAll } = await renderTree();
    await page.getByTestId('org-search').click();
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(focusedText).toBe('省监控中心');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect.poll(focusedText).toContain('第01分局企业1');
    // Enter on an enterprise shows its cameras in the grid; on a camera, puts it in the selected tile.
    await userEvent.keyboard('{Enter}');
    expect(shownAll).toEqual([model.enterprise('b1-e1')?.cameras.map((camera) => camera.id)]);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(activated).toEqual(['b1-e1-c1']);
    // End scrolls the virtual list to the very last row; Home back to the first.
    await userEvent.keyboard('{End}');
    await expect.poll(() => document.activeElement?.getAttribute('data-camera-id')).toBe(DEEP_CAMERA.id);
    await userEvent.keyboard('{Home}');
    await expect.poll(focusedText).toBe('省监控中心');
    await userEvent.keyboard('{ArrowLeft}');
    await expect.poll(() => rowTexts().length).toBe(1);
    await userEvent.keyboard('{ArrowRight}');
    await expect.poll(() => rowTexts().length).toBeGreaterThan(10);
  });
});
