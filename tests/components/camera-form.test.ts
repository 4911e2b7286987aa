// The camera form in Chromium against a real hub: its own rules in zh-CN and English, what the hub stores and refuses.
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import type { AdminCamera, CameraInput, EnterpriseChoice } from '../../src/contracts/index.js';
import CameraForm from '../../web/src/admin/cameras/CameraForm.vue';
import { loadEnterprises } from '../../web/src/admin/cameras/admin-api.js';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { addCameras, hubCamera, hubCameras, logIn, restoreCamerasAfterEach, unreachableCamera } from './hub-session.js';

/** The enterprises in the admin's scope, as the cameras tab gives them to the form. */
let enterprises: EnterpriseChoice[] = [];

beforeAll(async () => {
  await logIn();
  enterprises = await loadEnterprises();
});
restoreCamerasAfterEach();

afterEach(() => setLanguage('zh-CN'));

function open(props: { camera?: AdminCamera; prefill?: Partial<CameraInput> } = {}) {
  const saved: AdminCamera[] = [];
  const screen = render(CameraForm, {
    props: { enterprises, ...props },
    attrs: { onSaved: (camera: AdminCamera) => saved.push(camera) },
  });
  return { screen, saved };
}

const field = (name: string) => page.getByTestId(name);
const error = (name: string) => page.getByTestId(`field-error-${name}`);
const cameraIds = async () => (await hubCameras()).map((camera) => camera.id).sort();

/** A stream URL of the dead address, on another path. */
const deadUrl = (path: string): string => new URL(path, inject('deadRtspUrl')).href;

describe('CameraForm', () => {
  it('asks for a name and an rtsp:// main URL before sending anything, in zh-CN', async () => {
    setLanguage('zh-CN');
    const before = await cameraIds();
    const { saved } = open();
    await field('camera-save').click();
    await expect.element(error('name')).toHaveTextContent('此项必填');
    await expect.element(error('mainUrl')).toHaveTextContent('此项必填');
    await field('camera-name').fill('   ');
    await field('camera-main-url').fill('http://10.0.0.5/main');
    await field('camera-sub-url').fill('not a url');
    await field('camera-save').click();
    await expect.element(error('name')).toHaveTextContent('此项必填');
    await expect.element(error('mainUrl')).toHaveTextContent('须为 rtsp:// 或 rtsps:// 地址');
    await expect.element(error('subUrl')).toHaveTextContent('不是有效的地址');
    expect(await cameraIds()).toEqual(before);
    // Once the values are right, the same button saves: the refusals above were the form's, not the hub's.
    await field('camera-main-url').fill(deadUrl('/cold-store').replace('rtsp:', 'rtsps:'));
    await field('camera-sub-url').fill('');
    await field('camera-name').fill('冷库');
    await field('camera-save').click();
    await expect.element(error('mainUrl')).not.toBeInTheDocument();
    await expect.poll(() => saved.length).toBe(1);
    expect((await hubCamera(saved[0]?.id ?? ''))?.name).toBe('冷库');
  });

  it('words its rules in English when the console is in English', async () => {
    setLanguage('en');
    const before = await cameraIds();
    open();
    await field('camera-main-url').fill('ftp://10.0.0.5/main');
    await field('camera-save').click();
    await expect.element(error('name')).toHaveTextContent('Required');
    await expect.element(error('mainUrl')).toHaveTextContent('Must be an rtsp:// or rtsps:// URL');
    await field('camera-main-url').fill('rtsp://');
    await field('camera-save').click();
    await expect.element(error('mainUrl')).toHaveTextContent('The URL names no host');
    expect(await cameraIds()).toEqual(before);
  });

  it('adds a camera with its trimmed values, the first enterprise and the discovered device', async () => {
    const onvifUrl = new URL('/onvif/device_service', deadUrl('/')).href.replace('rtsp:', 'http:');
    const { saved } = open({ prefill: { name: 'Intake dock', onvifUrl } });
    await field('camera-name').fill(' 原料验收口 ');
    await field('camera-main-url').fill(`${deadUrl('/main')} `);
    await field('camera-username').fill('admin');
    await field('camera-password').fill('Gate-pw-77');
    await field('camera-save').click();
    await expect.poll(() => saved.length).toBe(1);
    expect(await hubCamera(saved[0]?.id ?? '')).toMatchObject({
      enterpriseId: enterprises[0]?.id,
      name: '原料验收口',
      nameEn: null,
      stage: 'processing',
      recordMode: 'continuous',
      mainUrl: deadUrl('/main'),
      subUrl: null,
      username: 'admin',
      hasPassword: true,
      rtspTransport: 'tcp',
      sourceKind: 'rtsp',
      onvifUrl,
    });
  });

  it("shows the hub's refusal of an address the form takes on the error line, and clears it on the next save", async () => {
    setLanguage('zh-CN');
    const before = await cameraIds();
    const { saved } = open();
    await field('camera-name').fill('东门');
    // A cloud metadata service: a well-formed rtsp:// URL, but the hub does not connect there.
    await field('camera-main-url').fill('rtsp://169.254.169.254/main');
    await field('camera-save').click();
    await expect
      .element(field('camera-form-status'))
      .toHaveTextContent(/^无权执行此操作：169\.254\.169\.254 is a cloud/);
    await expect.element(error('mainUrl')).not.toBeInTheDocument();
    expect(await cameraIds()).toEqual(before);

    await field('camera-main-url').fill(deadUrl('/gate'));
    await field('camera-save').click();
    await expect.poll(() => saved.length).toBe(1);
    await expect.element(field('camera-form-status')).toHaveTextContent('');
  });

  it('offers the hub’s enterprises, the stages, sources and record modes; a pushed camera has no stream fields', async () => {
    setLanguage('zh-CN');
    const { saved } = open();
    const options = async (select: string) =>
      Array.from(field(select).element().querySelectorAll('[data-testid^="option-"]'), (option) => [
        option.getAttribute('data-testid'),
        option.textContent?.trim(),
      ]);
    expect(await options('camera-enterprise')).toEqual([
      ['option-ent-east2', '东二企业'],
      ['option-ent-east', '东企业'],
      ['option-ent-west', '西企业'],
    ]);
    expect(await options('camera-stage')).toEqual([
      ['option-raw_material_intake', '原料进厂'],
      ['option-processing', '加工生产'],
      ['option-staff_entrance', '人员通道'],
      ['option-product_testing', '产品检验'],
      ['option-packaging', '包装'],
      ['option-storage', '仓储'],
      ['option-other', '其他'],
    ]);
    expect(await options('camera-record-mode')).toEqual([
      ['option-continuous', '连续录像'],
      ['option-off', '不录像'],
    ]);
    expect(await options('camera-source-kind')).toEqual([
      ['option-rtsp', 'RTSP 拉流'],
      ['option-rtmp', 'RTMP 推流（设备主动推送）'],
    ]);
    setLanguage('en');
    await expect.poll(() => options('camera-record-mode')).toContainEqual(['option-off', 'Off']);

    await field('camera-source-kind').click();
    await field('camera-source-kind').getByTestId('option-rtmp').click();
    await expect.element(field('camera-main-url')).not.toBeInTheDocument();
    await expect.element(field('camera-test-stream')).not.toBeInTheDocument();
    await field('camera-name').fill('Mobile unit');
    await field('camera-save').click();
    await expect.poll(() => saved.length).toBe(1);
    expect(await hubCamera(saved[0]?.id ?? '')).toMatchObject({
      sourceKind: 'rtmp',
      name: 'Mobile unit',
      mainUrl: null,
    });
  });

  it('edits a stored camera: its source stays, its password is kept unless a new one is typed', async () => {
    setLanguage('zh-CN');
    const [stored] = await addCameras([
      unreachableCamera('东门', {
        enterpriseId: 'ent-west',
        stage: 'staff_entrance',
        username: 'admin',
        password: 'Gate-pw-77',
        rtspTransport: 'udp',
      }),
    ]);
    const { saved } = open({ camera: stored });
    await expect.element(field('camera-name')).toHaveValue('东门');
    await expect.element(field('camera-password')).toHaveAttribute('placeholder', '已保存密码，留空则不变');
    expect(field('camera-source-kind').element().querySelector('.is-disabled')).not.toBeNull();
    await field('camera-name').fill('东门 2');
    await field('camera-save').click();
    await expect.poll(() => saved.length).toBe(1);
    expect(await hubCamera(stored?.id ?? '')).toMatchObject({
      id: stored?.id,
      enterpriseId: 'ent-west',
      name: '东门 2',
      stage: 'staff_entrance',
      sourceKind: 'rtsp',
      mainUrl: stored?.mainUrl,
      username: 'admin',
      hasPassword: true,
      rtspTransport: 'udp',
    });
  });
});
