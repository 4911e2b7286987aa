// The camera form: add or edit one camera (RTSP or push), with a "test stream" button before saving.
import {
  PRODUCTION_STAGES,
  type AdminCamera,
  type CameraInput,
  type CameraPatchInput,
  type Enterprise,
} from '../../../../src/contracts/index.js';
import { errorMessage } from '../../shared/api.js';
import { h } from '../../shared/dom.js';
import { localName, stageLabel, t } from '../../shared/i18n.js';
import { adminApi } from './admin-api.js';
import { button, describeStreamTest, field, input, select, statusLine } from './form-fields.js';

export interface CameraFormOptions {
  enterprises: Enterprise[];
  /** The camera to edit; absent for a new one. */
  camera?: AdminCamera;
  /** Values for a new camera (from a discovered device). */
  prefill?: Partial<CameraInput>;
  onSaved(camera: AdminCamera): void;
  onCancel(): void;
}

export function cameraForm(options: CameraFormOptions): { element: HTMLElement; destroy(): void } {
  const { camera, prefill = {} } = options;
  const enterprise = select(
    'camera-enterprise',
    options.enterprises.map((e) => [e.id, localName(e)]),
    camera?.enterpriseId ?? prefill.enterpriseId,
  );
  const name = input('camera-name', { required: true });
  name.value = camera?.name ?? prefill.name ?? '';
  const nameEn = input('camera-name-en');
  nameEn.value = camera?.nameEn ?? '';
  const stage = select(
    'camera-stage',
    PRODUCTION_STAGES.map((s) => [s, stageLabel(s)]),
    camera?.stage ?? prefill.stage ?? 'processing',
  );
  const sourceKind = select(
    'camera-source-kind',
    [
      ['rtsp', t('adminCam.form.sourceRtsp')],
      ['rtmp', t('adminCam.form.sourceRtmp')],
    ],
    camera?.sourceKind ?? prefill.sourceKind ?? 'rtsp',
  );
  sourceKind.disabled = camera !== undefined;
  const mainUrl = input('camera-main-url', { placeholder: 'rtsp://192.168.1.64:554/Streaming/Channels/101' });
  mainUrl.value = camera?.mainUrl ?? prefill.mainUrl ?? '';
  const subUrl = input('camera-sub-url');
  subUrl.value = camera?.subUrl ?? prefill.subUrl ?? '';
  const username = input('camera-username');
  username.value = camera?.username ?? prefill.username ?? '';
  const password = input('camera-password', { type: 'password', autocomplete: 'new-password' });
  password.value = prefill.password ?? '';
  if (camera?.hasPassword) password.placeholder = t('adminCam.form.passwordKept');
  const transport = select(
    'camera-transport',
    [
      ['tcp', 'TCP'],
      ['udp', 'UDP'],
    ],
    camera?.rtspTransport ?? 'tcp',
  );
  const recordMode = select(
    'camera-record-mode',
    [
      ['continuous', t('adminCam.form.recordContinuous')],
      ['off', t('adminCam.form.recordOff')],
    ],
    camera?.recordMode ?? prefill.recordMode ?? 'continuous',
  );

  const testButton = button('adminCam.form.test', 'camera-test-stream');
  const testResult = statusLine('camera-test-result');
  const save = button('adminCam.form.save', 'camera-save', true);
  const cancel = button('adminCam.form.cancel', 'camera-cancel');
  const status = statusLine('camera-form-status');
  const rtspOnly = h('div', { className: 'admin-rtsp-fields' }, [
    field('adminCam.form.mainUrl', mainUrl),
    field('adminCam.form.subUrl', subUrl),
    h('div', { className: 'admin-row' }, [
      field('adminCam.form.username', username),
      field('adminCam.form.password', password),
      field('adminCam.form.transport', transport),
    ]),
    h('div', { className: 'admin-actions' }, [testButton, testResult.element]),
  ]);
  const showSource = (): void => {
    rtspOnly.hidden = sourceKind.value === 'rtmp';
  };
  sourceKind.addEventListener('change', showSource);
  showSource();

  testButton.addEventListener('click', () => {
    testButton.disabled = true;
    testResult.set('', t('adminCam.form.testing'));
    adminApi
      .testStream({
        url: mainUrl.value.trim(),
        ...(camera ? { cameraId: camera.id } : {}),
        ...(username.value ? { username: username.value } : {}),
        ...(password.value ? { password: password.value } : {}),
        rtspTransport: transport.value as 'tcp' | 'udp',
      })
      .then((result) => {
        const { kind, text } = describeStreamTest(result);
        testResult.set(kind, text);
      })
      .catch((error: unknown) => testResult.set('error', t('adminCam.form.error', { message: errorMessage(error) })))
      .finally(() => (testButton.disabled = false));
  });

  const values = (): CameraPatchInput => ({
    enterpriseId: enterprise.value,
    name: name.value.trim(),
    nameEn: nameEn.value.trim() || null,
    stage: stage.value as CameraInput['stage'],
    recordMode: recordMode.value as 'continuous' | 'off',
    ...(sourceKind.value === 'rtsp'
      ? {
          mainUrl: mainUrl.value.trim(),
          subUrl: subUrl.value.trim() || null,
          username: username.value.trim() || null,
          rtspTransport: transport.value as 'tcp' | 'udp',
          // Empty keeps a stored password when editing.
          ...(password.value ? { password: password.value } : {}),
        }
      : {}),
  });

  const form = h('form', { className: 'admin-form', testId: 'camera-form' }, [
    h('h2', { text: camera ? 'adminCam.form.titleEdit' : 'adminCam.form.titleNew' }),
    h('div', { className: 'admin-row' }, [
      field('adminCam.form.enterprise', enterprise),
      field('adminCam.form.stage', stage),
      field('adminCam.form.sourceKind', sourceKind),
    ]),
    h('div', { className: 'admin-row' }, [field('adminCam.form.name', name), field('adminCam.form.nameEn', nameEn)]),
    rtspOnly,
    field('adminCam.form.recordMode', recordMode),
    h('div', { className: 'admin-actions' }, [save, cancel, status.element]),
  ]);
  form.addEventListener('submit', (event) => event.preventDefault());
  cancel.addEventListener('click', () => options.onCancel());
  save.addEventListener('click', () => {
    save.disabled = true;
    const request = camera
      ? adminApi.update(camera.id, values())
      : adminApi.create({
          ...(values() as CameraInput),
          sourceKind: sourceKind.value as 'rtsp' | 'rtmp',
          ...(prefill.onvifUrl ? { onvifUrl: prefill.onvifUrl } : {}),
        });
    request
      .then((saved) => {
        status.set('ok', t('adminCam.form.saved'));
        options.onSaved(saved);
      })
      .catch((error: unknown) => status.set('error', t('adminCam.form.error', { message: errorMessage(error) })))
      .finally(() => (save.disabled = false));
  });
  return { element: form, destroy: () => undefined };
}
