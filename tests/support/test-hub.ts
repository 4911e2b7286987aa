// An in-process hub on loopback with a seeded province and cameras of the test's choosing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type VigilConfigInput } from '../../src/config/index.js';
import { Hub, type HubPorts, type HubStartInfo } from '../../src/hub.js';
import { silentLogger, type Logger } from '../../src/shared/index.js';
import { loginCookie, seedProvince, TEST_PASSWORD, type SeedCamera } from '../../scripts/lib/province.js';
import { tempDir } from './temp-dir.js';

export { TEST_PASSWORD };

export type TestCamera = SeedCamera;

export interface TestHub {
  hub: Hub;
  info: HubStartInfo;
  dataDir: string;
  base: string;
  /** Logs in and returns the session cookie. */
  login(username: string): Promise<string>;
  get(path: string, cookie?: string): Promise<Response>;
  /** A JSON request (POST, PATCH, DELETE) with an optional session cookie; JSON even without a body, as the hub requires. */
  send(method: string, path: string, cookie?: string, body?: unknown): Promise<Response>;
}

/** Seeds a province with `cameras` in `dataDir` and starts a hub on it; the caller owns and removes the directory. */
export async function seedTestHub(
  dataDir: string,
  cameras: readonly TestCamera[],
  overrides: VigilConfigInput = {},
  logger: Logger = silentLogger(),
  /** Runs on the seeded data directory before the hub starts (e.g. to place old recordings). */
  prepare?: (dataDir: string) => void | Promise<void>,
  /** Replaced side effects, e.g. a data volume of a chosen size (given the data directory). */
  ports?: (dataDir: string) => HubPorts,
): Promise<TestHub> {
  mkdirSync(dataDir, { recursive: true });
  await seedProvince(dataDir, cameras);
  await prepare?.(dataDir);
  return runTestHub(dataDir, overrides, logger, ports);
}

type SeedArguments = Parameters<typeof seedTestHub> extends [string, ...infer Rest] ? Rest : never;

/** As seedTestHub, in a directory of the test file, removed after it. */
export function startTestHub(...args: SeedArguments): Promise<TestHub> {
  return seedTestHub(join(tempDir(), 'data'), ...args);
}

/** Starts a hub on a data directory a test hub used before (its cameras, recordings and jobs as it left them). */
export async function runTestHub(
  dataDir: string,
  overrides: VigilConfigInput = {},
  logger: Logger = silentLogger(),
  ports?: (dataDir: string) => HubPorts,
): Promise<TestHub> {
  const config = parseConfig({
    dataDir,
    server: { host: '127.0.0.1', port: 0, https: { enabled: false } },
    demo: { enabled: false },
    push: { port: 0 },
    admin: { password: 'admin-password-1' },
    // The tests' cameras, ONVIF devices and fake hosts all listen on 127.0.0.1.
    registration: { allowTargets: ['loopback'] },
    ...overrides,
  });
  const hub = new Hub(config, logger, ports?.(dataDir));
  const info = await hub.start();
  const base = `http://127.0.0.1:${info.httpPort}`;
  const get = (path: string, cookie?: string): Promise<Response> =>
    fetch(base + path, { headers: cookie ? { cookie } : {} });
  const send = (method: string, path: string, cookie?: string, body?: unknown): Promise<Response> =>
    fetch(base + path, {
      method,
      headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const login = (username: string): Promise<string> => loginCookie(base, username);
  return { hub, info, dataDir, base, login, get, send };
}
