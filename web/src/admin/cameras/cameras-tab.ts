// The cameras tab: every camera in the admin's scope, with add, edit, enable/disable and delete.
import type { AdminCamera, Enterprise } from '../../../../src/contracts/index.js';
import { errorMessage } from '../../shared/api.js';
import { h } from '../../shared/dom.js';
import { localName, stageLabel, statusLabel, t } from '../../shared/i18n.js';
import { adminApi, loadEnterprises } from './admin-api.js';
import { cameraForm } from './camera-form.js';
import { button, cell, statusLine, table, type AdminTab } from './form-fields.js';

export const camerasTab: AdminTab = {
  id: 'cameras',
  titleKey: 'adminCam.tab.cameras',
  render() {
    const element = h('section', { className: 'admin-camera-tab', testId: 'admin-cameras' });
    const status = statusLine('admin-cameras-status');
    let enterprises: Enterprise[] = [];
    let form: { destroy(): void } | undefined;

    const showForm = (camera?: AdminCamera): void => {
      const view = cameraForm({
        enterprises,
        ...(camera ? { camera } : {}),
        onSaved: () => void showList(),
        onCancel: () => void showList(),
      });
      form = view;
      element.replaceChildren(view.element);
    };

    const row = (camera: AdminCamera): HTMLElement => {
      const edit = button('adminCam.edit', 'camera-edit');
      edit.addEventListener('click', () => showForm(camera));
      const toggle = button(camera.enabled ? 'adminCam.disable' : 'adminCam.enable', 'camera-toggle');
      toggle.addEventListener('click', () => {
        adminApi
          .update(camera.id, { enabled: !camera.enabled })
          .then(() => showList())
          .catch((error: unknown) => status.set('error', errorMessage(error)));
      });
      const remove = button('adminCam.delete', 'camera-delete');
      remove.addEventListener('click', () => {
        if (!window.confirm(t('adminCam.confirmDelete', { name: camera.name }))) return;
        adminApi
          .remove(camera.id)
          .then(() => showList())
          .catch((error: unknown) => status.set('error', errorMessage(error)));
      });
      return h('tr', { testId: 'camera-row', dataset: { cameraId: camera.id } }, [
        cell(localName(camera)),
        cell(camera.enterpriseName),
        cell(stageLabel(camera.stage)),
        cell(camera.sourceKind.toUpperCase()),
        cell(statusLabel(camera.status)),
        cell(edit, toggle, remove),
      ]);
    };

    const showList = async (): Promise<void> => {
      form?.destroy();
      form = undefined;
      const add = button('adminCam.list.add', 'camera-add', true);
      add.addEventListener('click', () => showForm());
      element.replaceChildren(h('div', { className: 'admin-actions' }, [add, status.element]));
      try {
        const [list, scoped] = await Promise.all([adminApi.cameras(), loadEnterprises()]);
        enterprises = scoped;
        element.append(
          list.cameras.length === 0
            ? h('p', { className: 'admin-empty', text: 'adminCam.list.empty' })
            : table(
                [
                  'adminCam.col.name',
                  'adminCam.col.enterprise',
                  'adminCam.col.stage',
                  'adminCam.col.source',
                  'adminCam.col.status',
                  'adminCam.col.actions',
                ],
                list.cameras.map(row),
                'camera-table',
              ),
        );
      } catch (error) {
        status.set('error', errorMessage(error));
      }
    };

    void showList();
    return { element, destroy: () => form?.destroy() };
  },
};
