// The discovery wizard: find devices (multicast or a swept range) with progress, log in to one, pick profiles, then the camera form.
import type {
  DeviceReadResult,
  DiscoveredCamera,
  DiscoveryInput,
  DiscoveryJob,
} from '../../../../src/contracts/index.js';
import { errorMessage } from '../../shared/api.js';
import { h } from '../../shared/dom.js';
import { t } from '../../shared/i18n.js';
import { followJob } from '../../shared/job-follow.js';
import { adminApi, loadEnterprises } from './admin-api.js';
import { cameraForm } from './camera-form.js';
import { button, cell, field, input, select, statusLine, table, type AdminTab } from './form-fields.js';

function modeChoice(
  value: 'multicast' | 'sweep',
  label: 'adminCam.disc.multicast' | 'adminCam.disc.sweep',
  checked: boolean,
): { element: HTMLElement; radio: HTMLInputElement } {
  const radio = h('input', {
    testId: `discovery-mode-${value}`,
    attrs: { type: 'radio', name: 'discovery-mode', value, checked },
  });
  return { element: h('label', { className: 'admin-choice' }, [radio, h('span', { text: label })]), radio };
}

export const discoveryTab: AdminTab = {
  id: 'discovery',
  titleKey: 'adminCam.tab.discovery',
  render({ realtime }) {
    let unfollow: (() => void) | undefined;
    const stopFollowing = (): void => {
      unfollow?.();
      unfollow = undefined;
    };

    const multicast = modeChoice('multicast', 'adminCam.disc.multicast', false);
    const sweep = modeChoice('sweep', 'adminCam.disc.sweep', true);
    const iface = select('discovery-interface', []);
    const range = input('discovery-range', { placeholder: t('adminCam.disc.rangeHint') });
    const port = input('discovery-port', { type: 'number', min: '1', max: '65535' });
    port.value = '3702';
    const start = button('adminCam.disc.start', 'discovery-start', true);
    const progress = h('progress', { testId: 'discovery-progress', attrs: { max: 1, value: 0 } });
    const status = statusLine('discovery-status');
    const results = h('div', { testId: 'discovery-results' });
    const detail = h('div', { className: 'admin-detail', testId: 'discovery-detail' });
    const sweepFields = h('div', { className: 'admin-row' }, [
      field('adminCam.disc.range', range),
      field('adminCam.disc.port', port),
    ]);
    const multicastFields = h('div', { className: 'admin-row' }, [field('adminCam.disc.interface', iface)]);
    const showMode = (): void => {
      sweepFields.hidden = !sweep.radio.checked;
      multicastFields.hidden = !multicast.radio.checked;
    };
    multicast.radio.addEventListener('change', showMode);
    sweep.radio.addEventListener('change', showMode);
    showMode();
    adminApi
      .interfaces()
      .then((choices) =>
        iface.replaceChildren(
          ...choices.map((c) => h('option', { attrs: { value: c.address } }, [`${c.name} ${c.cidr ?? c.address}`])),
        ),
      )
      .catch((error: unknown) => status.set('error', errorMessage(error)));

    const show = (job: DiscoveryJob): void => {
      progress.max = job.progress.total || 1;
      progress.value = job.progress.done;
      if (job.state === 'running') {
        status.set('', t('adminCam.disc.running', { done: job.progress.done, total: job.progress.total }));
        return;
      }
      stopFollowing();
      start.disabled = false;
      if (job.state === 'failed') {
        status.set('error', t('adminCam.disc.failed', { message: job.error ?? '' }));
        return;
      }
      status.set(
        job.devices.length > 0 ? 'ok' : 'warn',
        job.devices.length > 0 ? t('adminCam.disc.done', { count: job.devices.length }) : t('adminCam.disc.none'),
      );
      results.replaceChildren(
        table(
          ['adminCam.disc.device', 'adminCam.disc.address', 'adminCam.col.actions'],
          job.devices.map((device) => {
            const pick = button(
              device.registeredCameraId ? 'adminCam.disc.registered' : 'adminCam.disc.pick',
              'discovery-pick',
            );
            pick.disabled = device.registeredCameraId !== null;
            pick.addEventListener('click', () => login(device));
            return h('tr', { testId: 'discovery-device', dataset: { deviceUrl: device.deviceUrl } }, [
              cell([device.name, device.hardware].filter(Boolean).join(' · ') || device.endpointReference),
              cell(device.deviceUrl),
              cell(pick),
            ]);
          }),
          'discovery-devices',
        ),
      );
    };

    start.addEventListener('click', () => {
      const request: DiscoveryInput = sweep.radio.checked
        ? { mode: 'sweep', hosts: range.value.trim(), port: Number(port.value) || 3702 }
        : { mode: 'multicast', interfaceAddress: iface.value };
      start.disabled = true;
      results.replaceChildren();
      detail.replaceChildren();
      adminApi
        .startDiscovery(request)
        .then((job) => {
          show(job);
          stopFollowing();
          // Progress and results are pushed by the hub as the discovery goes.
          unfollow = followJob<DiscoveryJob>({
            realtime,
            event: 'job:discovery',
            id: job.id,
            fetch: () => adminApi.discovery(job.id),
            onJob: show,
            onError: (error) => {
              stopFollowing();
              start.disabled = false;
              status.set('error', errorMessage(error));
            },
            isOver: (next) => next.state !== 'running',
          });
        })
        .catch((error: unknown) => {
          start.disabled = false;
          status.set('error', t('adminCam.disc.failed', { message: errorMessage(error) }));
        });
    });

    /** Step 2: credentials, then the device's profiles. */
    const login = (device: DiscoveredCamera): void => {
      const username = input('device-username', { value: 'admin' });
      const password = input('device-password', { type: 'password' });
      const read = button('adminCam.disc.read', 'device-read', true);
      const readStatus = statusLine('device-status');
      const profiles = h('div', { testId: 'device-profiles' });
      read.addEventListener('click', () => {
        read.disabled = true;
        readStatus.set('', t('adminCam.disc.reading'));
        profiles.replaceChildren();
        adminApi
          .readDevice({ deviceUrl: device.deviceUrl, username: username.value, password: password.value })
          .then((result) => {
            readStatus.set(
              'ok',
              t('adminCam.disc.info', {
                manufacturer: result.manufacturer,
                model: result.model,
                firmware: result.firmwareVersion,
                offset: result.clockOffsetSeconds,
              }),
            );
            profiles.replaceChildren(chooseProfiles(device, result, username.value, password.value));
          })
          .catch((error: unknown) =>
            readStatus.set('error', t('adminCam.form.error', { message: errorMessage(error) })),
          )
          .finally(() => (read.disabled = false));
      });
      detail.replaceChildren(
        h('h2', { text: 'adminCam.disc.login' }),
        h('p', {}, [device.deviceUrl]),
        h('div', { className: 'admin-row' }, [
          field('adminCam.form.username', username),
          field('adminCam.form.password', password),
        ]),
        h('div', { className: 'admin-actions' }, [read, readStatus.element]),
        profiles,
      );
    };

    /** Step 3: main and sub profile (H.264 preselected), then the camera form filled in. */
    const chooseProfiles = (
      device: DiscoveredCamera,
      result: DeviceReadResult,
      username: string,
      password: string,
    ): HTMLElement => {
      const usable = result.profiles.filter((p) => p.streamUri);
      const label = (p: (typeof usable)[number]): string =>
        `${p.name} · ${p.encoding ?? '?'} ${p.width ?? '?'}×${p.height ?? '?'} ${p.fps ?? '?'} fps`;
      const main = select(
        'device-main-profile',
        usable.map((p) => [p.token, label(p)]),
        result.recommended.main ?? undefined,
      );
      const sub = select(
        'device-sub-profile',
        [['', t('adminCam.disc.noSub')], ...usable.map((p): [string, string] => [p.token, label(p)])],
        result.recommended.sub ?? '',
      );
      const next = button('adminCam.disc.next', 'device-next', true);
      next.addEventListener('click', () => {
        const uriOf = (token: string): string | undefined =>
          usable.find((p) => p.token === token)?.streamUri ?? undefined;
        void loadEnterprises().then((enterprises) => {
          const form = cameraForm({
            enterprises,
            prefill: {
              name: device.name ?? '',
              mainUrl: uriOf(main.value) ?? '',
              subUrl: sub.value ? (uriOf(sub.value) ?? null) : null,
              username,
              password,
              onvifUrl: device.deviceUrl,
            },
            onSaved: () => {
              detail.replaceChildren();
              status.set('ok', t('adminCam.form.saved'));
              start.click();
            },
            onCancel: () => detail.replaceChildren(),
          });
          detail.replaceChildren(form.element);
        });
      });
      return h('div', {}, [
        result.warning === 'h265-only'
          ? h('p', {
              className: 'admin-status',
              dataset: { kind: 'warn' },
              testId: 'device-h265-only',
              text: 'adminCam.disc.h265Only',
            })
          : null,
        result.profiles.some((p) => p.hostCorrected)
          ? h('p', { className: 'admin-note', text: 'adminCam.disc.corrected' })
          : null,
        h('div', { className: 'admin-row' }, [field('adminCam.disc.main', main), field('adminCam.disc.sub', sub)]),
        h('div', { className: 'admin-actions' }, [next]),
      ]);
    };

    const element = h('section', { className: 'admin-camera-tab', testId: 'admin-discovery' }, [
      h('div', { className: 'admin-row' }, [sweep.element, multicast.element]),
      sweepFields,
      multicastFields,
      h('div', { className: 'admin-actions' }, [start, progress, status.element]),
      results,
      detail,
    ]);
    return { element, destroy: stopFollowing };
  },
};
