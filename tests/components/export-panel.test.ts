// The export panel in Chromium: its from / to make the clip selected on the timeline, or refuse an end before the start.
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import ExportPanel from '../../web/src/playback/ExportPanel.vue';
import type { Span } from '../../web/src/playback/timeline.js';
import { setLanguage } from '../../web/src/shared/i18n.js';

const DAY_START = new Date(2026, 5, 10).getTime();
const at = (h: number, m: number, s = 0): number => new Date(2026, 5, 10, h, m, s).getTime();

async function open(props: { current?: { cameraId: string; dayStart: number } | null; playhead?: number | null } = {}) {
  const selections: Array<Span | null> = [];
  const reasonsAsked: number[] = [];
  const screen = await render(ExportPanel, {
    props: {
      current: props.current === undefined ? { cameraId: 'dock', dayStart: DAY_START } : props.current,
      playhead: props.playhead ?? null,
      selection: null,
      // A required reason not given yet: asking for it stops the export.
      askReason: () => void reasonsAsked.push(1),
    },
    attrs: { 'onUpdate:selection': (span: Span | null) => selections.push(span) },
    global: { plugins: [createPinia()] },
  });
  return { screen, selections, reasonsAsked };
}

describe('ExportPanel', () => {
  setLanguage('zh-CN');

  it('selects the clip from the start to the end typed, as times of the day shown', async () => {
    const { selections } = await open();
    await page.getByTestId('export-from').fill('10:15:00');
    await page.getByTestId('export-to').fill('10:15:30');
    await expect.poll(() => selections.at(-1)).toEqual({ startMs: at(10, 15), endMs: at(10, 15, 30) });
  });

  it('reads a 24-hour clock whatever the browser shows, and selects nothing for text that is no time of day', async () => {
    const { selections } = await open();
    await page.getByTestId('export-from').fill('9:05');
    await page.getByTestId('export-to').fill('21:40:05');
    await expect.poll(() => selections.at(-1)).toEqual({ startMs: at(9, 5), endMs: at(21, 40, 5) });
    for (const text of ['24:00:00', '10:60', '10:15:61', '1015', 'noon']) {
      await page.getByTestId('export-to').fill(text);
      await expect.poll(() => selections.at(-1), { message: text }).toBeNull();
      await page.getByTestId('export-to').fill('21:40:05');
      await expect.poll(() => selections.at(-1)).not.toBeNull();
    }
  });

  it('selects nothing while the end is not after the start, and says so when asked to export', async () => {
    const { selections, reasonsAsked } = await open();
    await page.getByTestId('export-from').fill('10:15:00');
    await page.getByTestId('export-to').fill('10:15:30');
    await expect.poll(() => selections.at(-1)).not.toBeNull();
    await page.getByTestId('export-to').fill('10:14:59');
    await expect.poll(() => selections.at(-1)).toBeNull();
    await page.getByTestId('export-to').fill('10:15:00');
    await page.getByTestId('export-start').click();
    await expect.element(page.getByTestId('export-status')).toHaveTextContent('请选择结束晚于开始的时间段');
    expect(selections.at(-1)).toBeNull();
    // Nothing was asked of the user nor sent.
    expect(reasonsAsked).toEqual([]);
  });

  it('refuses to export before a camera and a day are shown', async () => {
    const { selections, reasonsAsked } = await open({ current: null });
    await page.getByTestId('export-from').fill('10:15:00');
    await page.getByTestId('export-to').fill('10:16:00');
    await page.getByTestId('export-start').click();
    await expect.element(page.getByTestId('export-status')).toHaveTextContent('请选择结束晚于开始的时间段');
    expect(selections).toEqual([]);
    expect(reasonsAsked).toEqual([]);
  });

  it('sets the ends from the playhead, and asks for the reason before a valid export', async () => {
    const { screen, selections, reasonsAsked } = await open({ playhead: at(8, 0, 5) });
    await page.getByTestId('export-mark-in').click();
    await screen.rerender({ playhead: at(8, 1, 10) });
    await page.getByTestId('export-mark-out').click();
    await expect.element(page.getByTestId('export-from')).toHaveValue('08:00:05');
    await expect.element(page.getByTestId('export-to')).toHaveValue('08:01:10');
    await expect.poll(() => selections.at(-1)).toEqual({ startMs: at(8, 0, 5), endMs: at(8, 1, 10) });
    await page.getByTestId('export-start').click();
    expect(reasonsAsked).toEqual([1]);
    await expect.element(page.getByTestId('export-progress')).not.toBeInTheDocument();
  });
});
