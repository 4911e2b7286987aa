// The filter bar of the events page: time range, type, severities, unit → enterprise → camera from the org model, user.
// The limits file, not the contracts index: that one would bring zod into the console.
import { EVENT_CSV_MAX_ROWS } from '../../../src/contracts/event-limits.js';
import { h } from '../shared/dom.js';
import { language, localName, onLanguageChange, t, type MessageKey } from '../shared/i18n.js';
import type { OrgModel, UnitNode } from '../org/model.js';
import { filterParams } from './filter.js';
import { zhCN } from './messages.js';

/** Types offered in the type menu; a trailing dot means "this and everything under it". */
const TYPES = [
  'camera.',
  'camera.offline',
  'camera.reconnecting',
  'camera.online',
  'audit.',
  'audit.login.',
  'audit.logout',
  'audit.live.',
  'audit.playback',
  'audit.export.',
  'audit.admin.',
  'hub.',
  'storage.',
] as const;
const SEVERITIES = ['info', 'warning', 'error'] as const;

/** The label of a type: its own when it has one, else that of the narrowest group it belongs to. */
export function typeLabelKey(type: string): MessageKey | undefined {
  const key = `events.type.${type}`;
  if (key in zhCN) return key as MessageKey;
  const group = TYPES.filter((candidate) => candidate.endsWith('.') && type.startsWith(candidate)).sort(
    (a, b) => b.length - a.length,
  )[0];
  return group ? (`events.type.${group}` as MessageKey) : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** ISO time → the value of a `datetime-local` input, in the browser's time zone. */
function localInputValue(iso: string | null): string {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
const isoOf = (value: string): string => (value ? new Date(value).toISOString() : '');

export interface FilterFormActions {
  apply(params: URLSearchParams): void;
}

export class FilterForm {
  readonly element: HTMLFormElement;
  private readonly from = h('input', { attrs: { type: 'datetime-local' }, testId: 'events-filter-from' });
  private readonly to = h('input', { attrs: { type: 'datetime-local' }, testId: 'events-filter-to' });
  private readonly type = h('select', { testId: 'events-filter-type' });
  private readonly severities = SEVERITIES.map((severity) =>
    h('input', { attrs: { type: 'checkbox', value: severity }, testId: `events-filter-severity-${severity}` }),
  );
  private readonly unit = h('select', { testId: 'events-filter-unit' });
  private readonly enterprise = h('select', { testId: 'events-filter-enterprise' });
  private readonly camera = h('select', { testId: 'events-filter-camera' });
  private readonly user = h('input', {
    attrs: { type: 'search', autocomplete: 'off' },
    i18nAttrs: { placeholder: 'events.user' },
    testId: 'events-filter-user',
  });
  private readonly csv = h('a', { className: 'button-link', text: 'events.csv', testId: 'events-csv' });
  private readonly cleanups: Array<() => void> = [];

  /** `userUnitId`: a branch user picks only its own unit; a center user any. */
  constructor(
    private readonly model: OrgModel,
    private readonly userUnitId: string,
    actions: FilterFormActions,
  ) {
    this.type.append(
      h('option', { text: 'events.any', attrs: { value: '' } }),
      ...TYPES.map((type) => h('option', { text: typeLabelKey(type), attrs: { value: type } })),
    );
    const field = (label: MessageKey, control: HTMLElement): HTMLElement =>
      h('label', { className: 'events-field' }, [h('span', { text: label }), control]);
    const severityGroup = h('fieldset', { className: 'events-field events-severities' }, [
      h('legend', { text: 'events.severity' }),
      ...this.severities.map((box) =>
        h('label', {}, [box, h('span', { text: `events.severity.${box.value}` as MessageKey })]),
      ),
    ]);
    const apply = h('button', {
      className: 'primary',
      text: 'events.apply',
      attrs: { type: 'submit' },
      testId: 'events-apply',
    });
    const reset = h('button', { text: 'events.reset', attrs: { type: 'button' }, testId: 'events-reset' });
    this.element = h(
      'form',
      { className: 'events-filters', i18nAttrs: { 'aria-label': 'events.filters' }, testId: 'events-filters' },
      [
        field('events.from', this.from),
        field('events.to', this.to),
        field('events.type', this.type),
        severityGroup,
        field('events.unit', this.unit),
        field('events.enterprise', this.enterprise),
        field('events.camera', this.camera),
        field('events.user', this.user),
        h('div', { className: 'events-actions' }, [apply, reset, this.csv]),
      ],
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      actions.apply(this.params());
    });
    reset.addEventListener('click', () => {
      this.set(new URLSearchParams());
      actions.apply(this.params());
    });
    this.unit.addEventListener('change', () => this.fillPlaces());
    this.enterprise.addEventListener('change', () => this.fillPlaces());
    this.cleanups.push(onLanguageChange(() => this.fillPlaces()));
    this.fillPlaces();
  }

  /** Shows `params` in the fields (from the page URL). */
  set(params: URLSearchParams): void {
    this.from.value = localInputValue(params.get('from'));
    this.to.value = localInputValue(params.get('to'));
    this.type.value = params.get('type') ?? '';
    const severities = (params.get('severity') ?? '').split(',');
    for (const box of this.severities) box.checked = severities.includes(box.value);
    this.unit.value = params.get('orgUnitId') ?? '';
    this.fillPlaces();
    this.enterprise.value = params.get('enterpriseId') ?? '';
    this.fillPlaces();
    this.camera.value = params.get('cameraId') ?? '';
    this.user.value = params.get('username') ?? '';
    this.updateCsvLink();
  }

  params(): URLSearchParams {
    return filterParams(
      new URLSearchParams({
        from: isoOf(this.from.value),
        to: isoOf(this.to.value),
        type: this.type.value,
        severity: this.severities
          .filter((box) => box.checked)
          .map((box) => box.value)
          .join(','),
        orgUnitId: this.unit.value,
        enterpriseId: this.enterprise.value,
        cameraId: this.camera.value,
        username: this.user.value,
      }),
    );
  }

  /** Points the CSV link at the filter currently applied. */
  updateCsvLink(applied: URLSearchParams = this.params()): void {
    const query = new URLSearchParams(applied);
    query.set('lang', language());
    this.csv.href = `/api/events.csv?${query.toString()}`;
    this.csv.title = t('events.csvTitle', { max: EVENT_CSV_MAX_ROWS });
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
  }

  /** Unit, enterprise and camera menus, each narrowed by the choice above it; keeps choices that still fit. */
  private fillPlaces(): void {
    const atCenter = this.model.unit(this.userUnitId)?.kind === 'center';
    const units = this.model.roots
      .flatMap(function walk(node: UnitNode): UnitNode[] {
        return [node, ...node.children.flatMap(walk)];
      })
      .filter((node) => atCenter || node.unit.id === this.userUnitId);
    const unitId = this.unit.value;
    const enterprises = units
      .filter((node) => !unitId || node.unit.id === unitId)
      .flatMap((node) => node.unit.enterprises);
    const enterpriseId = enterprises.some((enterprise) => enterprise.id === this.enterprise.value)
      ? this.enterprise.value
      : '';
    const cameras = enterprises
      .filter((enterprise) => !enterpriseId || enterprise.id === enterpriseId)
      .flatMap((enterprise) => enterprise.cameras);
    const camera = this.camera.value;
    fillSelect(
      this.unit,
      units.map((node) => [node.unit.id, localName(node.unit)]),
      unitId,
    );
    fillSelect(
      this.enterprise,
      enterprises.map((item) => [item.id, localName(item)]),
      enterpriseId,
    );
    fillSelect(
      this.camera,
      cameras.map((item) => [item.id, localName(item)]),
      camera,
    );
  }
}

function fillSelect(select: HTMLSelectElement, options: Array<[string, string]>, selected: string): void {
  select.replaceChildren(
    h('option', { text: 'events.any', attrs: { value: '' } }),
    ...options.map(([value, label]) => h('option', { attrs: { value } }, [label])),
  );
  select.value = options.some(([value]) => value === selected) ? selected : '';
}
