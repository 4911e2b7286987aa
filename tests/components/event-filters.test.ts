// The events filter form in Chromium: address parameters → fields, fields → parameters, reset, narrowing menus, the
// CSV link; and which live events the filter lets onto the list (matchesFilter), case by case.
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent, type Locator } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import EventFilters from '../../web/src/events/EventFilters.vue';
import {
  emptyFields,
  fieldsFromParams,
  matchesFilter,
  paramsFromFields,
  type FilterFields,
} from '../../web/src/events/filter.js';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { eventItem, orgModel } from './event-fixtures.js';

async function open(address: string, userUnitId = 'center') {
  const screen = await render(EventFilters, {
    props: { model: orgModel(), userUnitId, applied: new URLSearchParams(address) },
  });
  /** What each press of 查询 / 重置 sent, as the address would hold it. */
  const sent = (): string[] => (screen.emitted<[URLSearchParams]>('apply') ?? []).map(([params]) => String(params));
  return { screen, sent };
}

/** The option an Element Plus select shows as chosen (none: the select shows its placeholder, 全部). */
const chosen = (testId: string): Locator =>
  page.getByTestId(testId).getByRole('option', { selected: true, includeHidden: true });
const severity = (name: string): Locator => page.getByTestId(`events-filter-severity-${name}`).getByRole('checkbox');

async function choose(testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).getByTestId(`option-${value}`).click();
}

/** A local time as the pickers show it, and the same instant as the address holds it. */
const local = new Date(2026, 2, 1, 8, 30);
const localText = '2026-03-01 08:30';

describe('EventFilters', () => {
  setLanguage('zh-CN');
  afterEach(() => setLanguage('zh-CN'));

  it('shows the filter of the address in its fields', async () => {
    await open(
      `from=${local.toISOString()}&type=audit.&severity=warning,error&orgUnitId=east&enterpriseId=ent-east` +
        '&cameraId=cam-east&username=east-insp',
    );
    await expect.element(page.getByLabelText('开始时间')).toHaveValue(localText);
    await expect.element(page.getByLabelText('结束时间')).toHaveValue('');
    await expect.element(chosen('events-filter-type')).toHaveTextContent('审计（全部）');
    await expect.element(severity('info')).not.toBeChecked();
    await expect.element(severity('warning')).toBeChecked();
    await expect.element(severity('error')).toBeChecked();
    await expect.element(chosen('events-filter-unit')).toHaveTextContent('东分局');
    await expect.element(chosen('events-filter-enterprise')).toHaveTextContent('东港乳业');
    await expect.element(chosen('events-filter-camera')).toHaveTextContent('东门');
    await expect.element(page.getByTestId('events-filter-user')).toHaveValue('east-insp');
  });

  it('sends what the fields say as address parameters', async () => {
    const { sent } = await open('');
    // A time typed in a picker is taken with Enter (which closes the picker and does not submit the form).
    await page.getByTestId('events-filter-from').fill(localText);
    await userEvent.keyboard('{Enter}');
    await page.getByTestId('events-filter-to').fill('2026-03-02 08:30');
    await userEvent.keyboard('{Enter}');
    await page.getByTestId('events-filter-severity-error').click();
    await page.getByTestId('events-filter-severity-info').click();
    await choose('events-filter-type', 'camera.');
    await choose('events-filter-unit', 'west');
    await choose('events-filter-enterprise', 'ent-west');
    await choose('events-filter-camera', 'cam-west');
    await page.getByTestId('events-filter-user').fill(' west-insp ');
    await page.getByTestId('events-apply').click();
    const expected = new URLSearchParams({
      from: local.toISOString(),
      to: new Date(2026, 2, 2, 8, 30).toISOString(),
      type: 'camera.',
      // In their fixed order, whatever order they were ticked in.
      severity: 'info,error',
      orgUnitId: 'west',
      enterpriseId: 'ent-west',
      cameraId: 'cam-west',
      username: 'west-insp',
    });
    expect(sent()).toEqual([expected.toString()]);
  });

  it('takes a new address while it is shown, and sends nothing for fields left at 全部', async () => {
    const { screen, sent } = await open('type=audit.&severity=warning');
    await screen.rerender({ applied: new URLSearchParams('type=camera.offline') });
    await expect.element(chosen('events-filter-type')).toHaveTextContent('摄像机离线');
    await expect.element(severity('warning')).not.toBeChecked();
    // A type the menu does not list is offered too, so the field shows what the list is filtered by.
    await screen.rerender({ applied: new URLSearchParams('type=audit.login.failed') });
    await expect.element(chosen('events-filter-type')).toHaveTextContent('登录失败');
    await page.getByTestId('events-apply').click();
    expect(sent()).toEqual(['type=audit.login.failed']);
  });

  it('narrows enterprises and cameras to the unit chosen, and drops a choice that no longer fits', async () => {
    const { sent } = await open('cameraId=cam-east');
    const options = (testId: string) => page.getByTestId(testId).getByRole('option', { includeHidden: true });
    expect(
      options('events-filter-camera')
        .elements()
        .map((option) => option.textContent),
    ).toEqual(['东门', '西门']);
    await choose('events-filter-unit', 'west');
    await expect
      .poll(() =>
        options('events-filter-enterprise')
          .elements()
          .map((option) => option.textContent),
      )
      .toEqual(['西山肉联']);
    expect(
      options('events-filter-camera')
        .elements()
        .map((option) => option.textContent),
    ).toEqual(['西门']);
    await page.getByTestId('events-apply').click();
    expect(sent()).toEqual(['orgUnitId=west']);
  });

  it('offers a branch user only its own unit', async () => {
    await open('', 'west');
    const units = page.getByTestId('events-filter-unit').getByRole('option', { includeHidden: true });
    expect(units.elements().map((option) => option.textContent)).toEqual(['西分局']);
  });

  it('resets every field and sends the empty filter', async () => {
    const { sent } = await open(
      `from=${local.toISOString()}&type=audit.&severity=warning&cameraId=cam-east&username=x`,
    );
    await page.getByTestId('events-reset').click();
    expect(sent()).toEqual(['']);
    await expect.element(page.getByLabelText('开始时间')).toHaveValue('');
    await expect.element(chosen('events-filter-type')).not.toBeInTheDocument();
    await expect.element(chosen('events-filter-camera')).not.toBeInTheDocument();
    await expect.element(severity('warning')).not.toBeChecked();
    await expect.element(page.getByTestId('events-filter-user')).toHaveValue('');
  });

  it('links the CSV of the filter applied, in the console language', async () => {
    await open('type=camera.&severity=error&cameraId=cam-east');
    const href = () => new URL(page.getByTestId('events-csv').element().getAttribute('href') ?? '', location.href);
    // Fields edited but not applied do not change the download.
    await page.getByTestId('events-filter-severity-info').click();
    expect(href().pathname).toBe('/api/events.csv');
    expect(Object.fromEntries(href().searchParams)).toEqual({
      type: 'camera.',
      severity: 'error',
      cameraId: 'cam-east',
      lang: 'zh-CN',
    });
    setLanguage('en');
    await expect.poll(() => href().searchParams.get('lang')).toBe('en');
    await expect.element(page.getByTestId('events-csv')).toHaveTextContent('Download CSV');
  });
});

describe('filter parameters', () => {
  it('go from the address to the fields and back unchanged', () => {
    const address = new URLSearchParams({
      from: '2026-03-01T00:30:00.000Z',
      to: '2026-03-02T00:30:00.000Z',
      type: 'audit.live.',
      severity: 'warning,error',
      orgUnitId: 'east',
      enterpriseId: 'ent-east',
      cameraId: 'cam-east',
      username: 'east-insp',
    });
    expect(paramsFromFields(fieldsFromParams(address)).toString()).toBe(address.toString());
  });

  it('take a cleared control (undefined or null) as "any"', () => {
    const cleared = { ...emptyFields(), type: undefined, cameraId: null, from: undefined } as unknown as FilterFields;
    expect(paramsFromFields(cleared).toString()).toBe('');
  });

  it('leave out what is not a filter, empty values and times that are not times', () => {
    const fields = fieldsFromParams(new URLSearchParams('grid=4&type=&from=yesterday&severity=error,loud,info'));
    expect(fields.from).toBeNull();
    expect(fields.severities).toEqual(['info', 'error']);
    expect(paramsFromFields(fields).toString()).toBe('severity=info%2Cerror');
  });
});

describe('matchesFilter: which live events the list takes', () => {
  const at = '2026-03-01T08:00:00.000Z';
  const event = eventItem({
    at,
    type: 'audit.live.started',
    severity: 'info',
    cameraId: 'cam-east',
    enterpriseId: 'ent-east',
    orgUnitId: 'east',
    username: 'east-insp',
  });
  const cases: Array<[string, string, boolean]> = [
    ['no filter', '', true],
    ['from the same instant (inclusive)', `from=${at}`, true],
    ['from a later instant', 'from=2026-03-01T08:00:00.001Z', false],
    ['to the same instant (exclusive)', `to=${at}`, false],
    ['to a later instant', 'to=2026-03-01T08:00:01Z', true],
    ['a time zone other than UTC', 'from=2026-03-01T15:59:00%2B08:00', true],
    ['its exact type', 'type=audit.live.started', true],
    ['another exact type', 'type=audit.live.ended', false],
    ['a group it is in', 'type=audit.live.', true],
    ['a wider group', 'type=audit.', true],
    ['a group it is not in', 'type=camera.', false],
    ['a type without the dot is exact, not a prefix', 'type=audit.live', false],
    ['its severity', 'severity=info', true],
    ['several severities, its own among them', 'severity=warning,info', true],
    ['other severities', 'severity=warning,error', false],
    ['its unit', 'orgUnitId=east', true],
    ['another unit', 'orgUnitId=west', false],
    ['its enterprise', 'enterpriseId=ent-east', true],
    ['another enterprise', 'enterpriseId=ent-west', false],
    ['its camera', 'cameraId=cam-east', true],
    ['another camera', 'cameraId=cam-west', false],
    ['its user', 'username=east-insp', true],
    ['another user', 'username=west-insp', false],
    [
      'everything it is',
      `from=${at}&type=audit.&severity=info&orgUnitId=east&cameraId=cam-east&username=east-insp`,
      true,
    ],
    ['everything it is but one', 'type=audit.&severity=info&orgUnitId=east&cameraId=cam-west', false],
  ];
  it.each(cases)('%s (%s): %s', (_name, filter, expected) => {
    expect(matchesFilter(new URLSearchParams(filter), event)).toBe(expected);
  });

  it('takes no event without a camera, unit or user when the filter names one', () => {
    const hubEvent = eventItem({ type: 'hub.started', cameraId: null, enterpriseId: null, orgUnitId: null });
    expect(matchesFilter(new URLSearchParams('type=hub.'), hubEvent)).toBe(true);
    expect(matchesFilter(new URLSearchParams('cameraId=cam-east'), hubEvent)).toBe(false);
    expect(matchesFilter(new URLSearchParams('orgUnitId=center'), hubEvent)).toBe(false);
    expect(matchesFilter(new URLSearchParams('username=admin'), hubEvent)).toBe(false);
  });
});
