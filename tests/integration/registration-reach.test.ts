// Admin reach over the REST API of a real hub that allows nothing extra: refused before any connection, with the rule and the key.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvImportReport } from '../../src/contracts/index.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

interface Refusal {
  error: { code: string; message: string; details: { rule: string; address: string; configKey: string } };
}

describe('admin reach on a hub that allows no extra targets', () => {
  let t: TestHub;
  let admin: string;
  let listener: Server;
  let port: number;
  let connections = 0;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<[number, T]> => {
    const response = await t.send(method, path, admin, body);
    return [response.status, (await response.json()) as T];
  };
  const refusedAs = async (method: string, path: string, body: unknown, rule: string): Promise<void> => {
    const [status, answer] = await call<Refusal>(method, path, body);
    expect(status).toBe(403);
    expect(answer.error).toMatchObject({
      code: 'VIGIL_TARGET_REFUSED',
      details: { rule, configKey: 'registration.allowTargets' },
    });
    expect(answer.error.message).toContain(`add "${rule}"`);
  };

  beforeAll(async () => {
    // Something listening on loopback that counts who connects: a refused request must not.
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
    t = await startTestHub([], { registration: { allowTargets: [] } });
    admin = await t.login('center-admin');
  });

  afterAll(async () => {
    await t?.hub.stop();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it('refuses stream tests to loopback, by address or by a name that resolves there', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::ffff:127.0.0.1]:${port}`, '[::1]:554']) {
      await refusedAs('POST', '/api/admin/cameras/test-stream', { url: `rtsp://${host}/main` }, 'loopback');
    }
    expect(connections).toBe(0);
  });

  it('refuses device reads of link-local and cloud-metadata addresses and names', async () => {
    const read = (deviceUrl: string, rule: string): Promise<void> =>
      refusedAs('POST', '/api/admin/onvif/device', { deviceUrl, username: 'a', password: 'b' }, rule);
    await read('http://169.254.169.254/latest/meta-data/', 'cloud-metadata');
    await read('http://metadata.google.internal/computeMetadata/v1/', 'cloud-metadata');
    await read('http://[fd00:ec2::254]/', 'cloud-metadata');
    await read('http://169.254.20.30/onvif/device_service', 'link-local');
    await read('http://[fe80::1]/onvif/device_service', 'link-local');
    await read(`http://127.0.0.1:${port}/onvif/device_service`, 'loopback');
    expect(connections).toBe(0);
  });

  it('refuses sweeps over such ranges; multicast discovery is unaffected', async () => {
    await refusedAs('POST', '/api/admin/discovery', { mode: 'sweep', hosts: '169.254.1.0/30' }, 'link-local');
    await refusedAs('POST', '/api/admin/discovery', { mode: 'sweep', hosts: '10.9.0.1, 127.0.0.1' }, 'loopback');
    const [status] = await call('POST', '/api/admin/discovery', { mode: 'multicast', interfaceAddress: '127.0.0.1' });
    expect(status).toBe(202);
  });

  it('refuses to save a camera that ingest would pull from there, in the form and in a CSV import', async () => {
    const camera = { enterpriseId: 'ent-east', name: 'x', stage: 'other', mainUrl: `rtsp://127.0.0.1:${port}/x` };
    await refusedAs('POST', '/api/admin/cameras', camera, 'loopback');
    await refusedAs('POST', '/api/admin/cameras', { ...camera, mainUrl: 'rtsp://169.254.169.254/x' }, 'cloud-metadata');
    const csv = `enterprise,name,stage,main_url,record_mode\nent-east,ok,processing,rtsp://10.9.0.7/main,off\nent-east,bad,processing,rtsp://127.0.0.1:${port}/main,off\n`;
    const response = await t.send('POST', '/api/admin/cameras/import', admin, { csv: csv });
    // Not recorded: nothing connects to the good row's address (it is nowhere here) until someone watches.
    const report = (await response.json()) as CsvImportReport;
    expect(report.created).toBe(1);
    expect(report.rows.find((row) => row.row === 3)?.error).toContain('loopback address');
    expect(connections).toBe(0);
  });
});
