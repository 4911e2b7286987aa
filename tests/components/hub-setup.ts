// The hub the component tests talk to: a seeded province on loopback, behind the components' dev server proxy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../support/net.js';
import { hubPort } from './hub-port.js';
import { seedTestHub, TEST_PASSWORD } from '../support/test-hub.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An admin of the whole province and its password. */
    hubAdmin: { username: string; password: string };
    /** An RTSP address nothing answers: a camera there goes offline as unreachable. */
    deadRtspUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-components-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const hub = await seedTestHub(join(dir, 'data'), [], {
    server: { host: '127.0.0.1', port: hubPort(), https: { enabled: false } },
  }).catch((error: unknown) => {
    removeDir();
    throw error;
  });
  project.provide('hubAdmin', { username: 'center-admin', password: TEST_PASSWORD });
  project.provide('deadRtspUrl', `rtsp://127.0.0.1:${await freePort()}/stream`);
  return async () => {
    await hub.hub.stop();
    removeDir();
  };
}
