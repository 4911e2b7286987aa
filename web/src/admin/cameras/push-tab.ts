// The push settings tab: for each push camera, the server URL and stream key to enter in the device, and a new key on demand.
import type { AdminCamera, PushSettings } from '../../../../src/contracts/index.js';
import { errorMessage } from '../../shared/api.js';
import { h } from '../../shared/dom.js';
import { localName, t } from '../../shared/i18n.js';
import { adminApi } from './admin-api.js';
import { button, statusLine, type AdminTab } from './form-fields.js';

/** A read-only value with the text selected on focus, for copying into a device's settings page. */
function copyable(testId: string, value: string): HTMLInputElement {
  const element = h('input', {
    className: 'admin-copy',
    testId,
    attrs: { readonly: true, value, spellcheck: 'false' },
  });
  element.addEventListener('focus', () => element.select());
  return element;
}

function pushCard(camera: AdminCamera, settings: PushSettings, status: ReturnType<typeof statusLine>): HTMLElement {
  const card = h('div', { className: 'admin-card', testId: 'push-camera', dataset: { cameraId: camera.id } });
  const regenerate = button('adminCam.push.regenerate', 'push-regenerate');
  regenerate.addEventListener('click', () => {
    if (!window.confirm(t('adminCam.push.confirmRegenerate'))) return;
    adminApi
      .regeneratePushKey(camera.id)
      .then((renewed) => card.replaceWith(pushCard(camera, renewed, status)))
      .catch((error: unknown) => status.set('error', errorMessage(error)));
  });
  card.append(
    h('h3', {}, [localName(camera), ' · ', camera.enterpriseName]),
    h('p', {
      className: 'admin-status',
      dataset: { kind: settings.pushing ? 'ok' : '' },
      testId: 'push-state',
      text: settings.pushing ? 'adminCam.push.pushing' : 'adminCam.push.idle',
    }),
    h('label', { text: 'adminCam.push.serverUrl' }),
    copyable('push-server-url', settings.serverUrl),
    h('label', { text: 'adminCam.push.streamName' }),
    copyable('push-stream-name', settings.streamName),
    h('label', { text: 'adminCam.push.fullUrl' }),
    copyable('push-full-url', settings.fullUrl),
    h('div', { className: 'admin-actions' }, [regenerate]),
  );
  return card;
}

export const pushTab: AdminTab = {
  id: 'push',
  titleKey: 'adminCam.tab.push',
  render() {
    const status = statusLine('push-status');
    const list = h('div', { className: 'admin-cards' });
    const element = h('section', { className: 'admin-camera-tab', testId: 'admin-push' }, [
      h('p', { className: 'admin-note', text: 'adminCam.push.help' }),
      status.element,
      list,
    ]);
    adminApi
      .cameras()
      .then(async ({ cameras }) => {
        const pushed = cameras.filter((camera) => camera.sourceKind === 'rtmp');
        if (pushed.length === 0) list.append(h('p', { className: 'admin-empty', text: 'adminCam.push.empty' }));
        for (const camera of pushed) list.append(pushCard(camera, await adminApi.push(camera.id), status));
      })
      .catch((error: unknown) => status.set('error', errorMessage(error)));
    return { element, destroy: () => undefined };
  },
};
