// Runs inside a test network namespace: a hub on the namespace's loopback registers cameras through its own API
// (discovery job → device read → camera), then prints one JSON line of what it saw. Options as one JSON argument.
import { mkdirSync } from 'node:fs';
import { parseConfig } from '../../src/config/index.js';
import type { AdminCamera, DeviceReadResult, DiscoveryInput, DiscoveryJob } from '../../src/contracts/index.js';
import { Hub } from '../../src/hub.js';
import { silentLogger } from '../../src/shared/index.js';
import { loginCookie, seedProvince } from '../../scripts/lib/province.js';

interface Options {
  dataDir: string;
  discovery: DiscoveryInput;
  username: string;
  password: string;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as Options;
  mkdirSync(options.dataDir, { recursive: true });
  await seedProvince(options.dataDir, []);
  const config = parseConfig({
    dataDir: options.dataDir,
    server: { host: '127.0.0.1', port: 0, https: { enabled: false } },
    demo: { enabled: false },
    push: { enabled: false },
    admin: { password: 'admin-password-1' },
  });
  const hub = new Hub(config, silentLogger());
  const info = await hub.start();
  try {
    const base = `http://127.0.0.1:${info.httpPort}`;
    const cookie = await loginCookie(base, 'center-admin');
    const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const response = await fetch(base + path, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as T };
    };
    let job = (await call<DiscoveryJob>('POST', '/api/admin/discovery', options.discovery)).body;
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (await call<DiscoveryJob>('GET', `/api/admin/discovery/${job.id}`)).body;
    }
    const first = job.devices[0];
    const wrong = first
      ? await call<{ error: { message: string } }>('POST', '/api/admin/onvif/device', {
          deviceUrl: first.deviceUrl,
          username: options.username,
          password: `${options.password}-wrong`,
        })
      : undefined;
    const read = first
      ? (
          await call<DeviceReadResult>('POST', '/api/admin/onvif/device', {
            deviceUrl: first.deviceUrl,
            username: options.username,
            password: options.password,
          })
        ).body
      : undefined;
    const main = read?.profiles.find((profile) => profile.token === read.recommended.main);
    const created =
      first && main
        ? await call<AdminCamera>('POST', '/api/admin/cameras', {
            enterpriseId: 'ent-east',
            name: first.name ?? 'camera',
            stage: 'processing',
            mainUrl: main.streamUri,
            username: options.username,
            password: options.password,
            recordMode: 'off',
            onvifUrl: first.deviceUrl,
          })
        : undefined;
    process.stdout.write(
      `${JSON.stringify({ job, wrong, read, created: created && { status: created.status, camera: created.body } })}\n`,
    );
  } finally {
    await hub.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
