// Driving Element Plus controls from Playwright: a select opens a list of options rather than being a native <select>.
import type { Locator } from 'playwright-core';

/**
 * Picks `value` in the Element Plus select marked `data-testid=<testId>` inside `scope`; the console marks each option
 * `data-testid="option-<value>"` and keeps the list inside the select (`:teleported="false"`).
 */
export async function chooseOption(scope: Locator, testId: string, value: string): Promise<void> {
  const select = scope.getByTestId(testId);
  await select.click();
  await select.getByTestId(`option-${value}`).click();
}
