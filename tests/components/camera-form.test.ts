// The camera form in Chromium: its own rules in zh-CN and English, the hub's field errors by their fields, the choices.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import type { AdminCamera, Enterprise } from '../../src/contracts/index.js';
import CameraForm from '../../web/src/admin/cameras/CameraForm.vue';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { adminCamera, answerFetches, type SentRequest } from './camera-fixtures.js';

const ENTERPRISES: Enterprise[] = [
  {
    id: 'ent-east',
    orgUnitId: 'unit-1',
    name: '东区冷链',
    nameEn: 'East cold chain',
    licenceNo: null,
    address: null,
    contact: null,
    creditGrade: 'A',
  },
  {
    id: 'ent-west',
    orgUnitId: 'unit-1',
    name: '西区肉联',
    nameEn: null,
    licenceNo: null,
    address: null,
    contact: null,
    creditGrade: 'B',
  },
];

const STORED = adminCamera('gate', '东门', {
  enterpriseId: 'ent-west',
  enterpriseName: '西区肉联',
  stage: 'staff_entrance',
  mainUrl: 'rtsp://10.0.0.5/main',
  username: 'admin',
  hasPassword: true,
  rtspTransport: 'udp',
});

/** What the form sent to the hub, and the hub's next answer (a camera by default). */
let sent: SentRequest[] = [];
let answer: { status: number; body: unknown } = { status: 201, body: STORED };

beforeEach(() => {
  answer = { status: 201, body: STORED };
  sent = answerFetches(() => answer);
});

afterEach(() => {
  vi.restoreAllMocks();
  setLanguage('zh-CN');
});

function open(props: { camera?: AdminCamera; prefill?: Record<string, unknown> } = {}) {
  const saved: AdminCamera[] = [];
  const screen = render(CameraForm, {
    props: { enterprises: ENTERPRISES, ...props },
    attrs: { onSaved: (camera: AdminCamera) => saved.push(camera) },
  });
  return { screen, saved };
}

const field = (name: string) => page.getByTestId(name);
const error = (name: string) => page.getByTestId(`field-error-${name}`);

describe('CameraForm', () => {
  it('asks for a name and an rtsp:// main URL before sending anything, in zh-CN', async () => {
    setLanguage('zh-CN');
    open();
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
    await field('camera-main-url').fill('rtsps://10.0.0.5/main');
    await field('camera-sub-url').fill('');
    await field('camera-name').fill('冷库');
    await field('camera-save').click();
    await expect.element(error('mainUrl')).not.toBeInTheDocument();
    await expect.poll(() => sent.map((request) => request.method)).toEqual(['POST']);
  });

  it('words its rules in English when the console is in English', async () => {
    setLanguage('en');
    open();
    await field('camera-main-url').fill('ftp://10.0.0.5/main');
    await field('camera-save').click();
    await expect.element(error('name')).toHaveTextContent('Required');
    await expect.element(error('mainUrl')).toHaveTextContent('Must be an rtsp:// or rtsps:// URL');
    await field('camera-main-url').fill('rtsp://');
    await field('camera-save').click();
    await expect.element(error('mainUrl')).toHaveTextContent('The URL names no host');
    expect(sent).toEqual([]);
  });

  it('sends a new camera with its trimmed values, the first enterprise and the discovered device', async () => {
    const { saved } = open({ prefill: { name: 'Intake dock', onvifUrl: 'http://10.0.0.9/onvif/device_service' } });
    await field('camera-name').fill(' 原料验收口 ');
    await field('camera-main-url').fill('rtsp://10.0.0.9/main ');
    await field('camera-username').fill('admin');
    await field('camera-password').fill('Gate-pw-77');
    await field('camera-save').click();
    await expect.poll(() => saved.length).toBe(1);
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/api/admin/cameras',
        body: {
          enterpriseId: 'ent-east',
          name: '原料验收口',
          nameEn: null,
          stage: 'processing',
          recordMode: 'continuous',
          mainUrl: 'rtsp://10.0.0.9/main',
          subUrl: null,
          username: 'admin',
          rtspTransport: 'tcp',
          password: 'Gate-pw-77',
          sourceKind: 'rtsp',
          onvifUrl: 'http://10.0.0.9/onvif/device_service',
        },
      },
    ]);
  });

  it("shows the hub's field errors next to their fields and any other failure on the error line", async () => {
    setLanguage('zh-CN');
    answer = {
      status: 400,
      body: {
        error: {
          code: 'VIGIL_VALIDATION',
          message: 'invalid',
          details: [
            { path: 'name', message: '名称已被使用' },
            { path: 'mainUrl', message: '无法解析主机' },
          ],
        },
      },
    };
    open();
    await field('camera-name').fill('东门');
    await field('camera-main-url').fill('rtsp://gate.invalid/main');
    await field('camera-save').click();
    await expect.element(error('name')).toHaveTextContent('名称已被使用');
    await expect.element(error('mainUrl')).toHaveTextContent('无法解析主机');
    await expect.element(field('camera-form-status')).toHaveTextContent('');

    answer = { status: 409, body: { error: { code: 'VIGIL_CONFLICT', message: 'camera gate exists' } } };
    await field('camera-save').click();
    await expect.element(field('camera-form-status')).toHaveTextContent('与现有数据冲突：camera gate exists');
    await expect.element(error('name')).not.toBeInTheDocument();
  });

  it('offers the enterprises, stages, sources and record modes, and only a pulled camera has stream fields', async () => {
    setLanguage('zh-CN');
    open();
    const options = async (select: string) =>
      Array.from(field(select).element().querySelectorAll('[data-testid^="option-"]'), (option) => [
        option.getAttribute('data-testid'),
        option.textContent?.trim(),
      ]);
    expect(await options('camera-enterprise')).toEqual([
      ['option-ent-east', '东区冷链'],
      ['option-ent-west', '西区肉联'],
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
    await expect.poll(() => options('camera-enterprise')).toContainEqual(['option-ent-east', 'East cold chain']);

    await field('camera-source-kind').click();
    await field('camera-source-kind').getByTestId('option-rtmp').click();
    await expect.element(field('camera-main-url')).not.toBeInTheDocument();
    await expect.element(field('camera-test-stream')).not.toBeInTheDocument();
    await field('camera-name').fill('Mobile unit');
    await field('camera-save').click();
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]?.body).toMatchObject({ sourceKind: 'rtmp', name: 'Mobile unit' });
    expect(sent[0]?.body).not.toHaveProperty('mainUrl');
  });

  it('edits a stored camera: its source stays, its password is kept unless a new one is typed', async () => {
    setLanguage('zh-CN');
    open({ camera: STORED });
    await expect.element(field('camera-name')).toHaveValue('东门');
    await expect.element(field('camera-password')).toHaveAttribute('placeholder', '已保存密码，留空则不变');
    expect(field('camera-source-kind').element().querySelector('.is-disabled')).not.toBeNull();
    await field('camera-save').click();
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toMatchObject({ method: 'PATCH', path: '/api/admin/cameras/gate' });
    expect(sent[0]?.body).toEqual({
      enterpriseId: 'ent-west',
      name: '东门',
      nameEn: null,
      stage: 'staff_entrance',
      recordMode: 'off',
      mainUrl: 'rtsp://10.0.0.5/main',
      subUrl: null,
      username: 'admin',
      rtspTransport: 'udp',
    });
  });
});
