// The live toolbar in Chromium: the layout shown as chosen, a click asks for another layout, clear and full screen.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import LiveToolbar from '../../web/src/live/LiveToolbar.vue';
import { setLanguage } from '../../web/src/shared/i18n.js';

describe('LiveToolbar', () => {
  setLanguage('zh-CN');

  it('shows the current layout and asks for the one clicked', async () => {
    const asked: unknown[] = [];
    render(LiveToolbar, {
      props: { layout: 4, title: '4 画面' },
      attrs: {
        onLayout: (layout: number) => asked.push(layout),
        onClear: () => asked.push('clear'),
        onFullscreen: () => asked.push('fullscreen'),
      },
    });
    await expect.element(page.getByTestId('layout-4').getByRole('radio')).toBeChecked();
    await expect.element(page.getByTestId('view-title')).toHaveTextContent('4 画面');
    await page.getByTestId('layout-9').click();
    await page.getByTestId('grid-clear').click();
    await page.getByTestId('grid-fullscreen').click();
    expect(asked).toEqual([9, 'clear', 'fullscreen']);
  });
});
