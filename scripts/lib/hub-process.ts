// Runs the hub as its own process (as `npm start` would) and reads its banner.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/version.js';

/** The start of a hub config for tests: plain HTTP on a free loopback port. */
export const LOOPBACK_SERVER_YAML = `server:
  host: 127.0.0.1
  port: 0
  https:
    enabled: false
`;

export interface HubProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the console URLs once the banner is printed; rejects if the process exits first. */
  ready: Promise<{ url: string; httpUrl: string }>;
  exited: Promise<number | null>;
}

export interface HubProcessOptions {
  /** Run inside this network namespace (`ip netns exec` keeps the pid). */
  netns?: string;
  /** Modules loaded before the hub (e.g. one that raises faults on a signal). */
  preload?: readonly string[];
}

/** Starts the hub with `env`, as `npm start` would run it from source. */
export function startHubProcess(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
  options: HubProcessOptions = {},
): HubProcess {
  const root = projectRoot();
  const imports = (options.preload ?? []).flatMap((module) => ['--import', module]);
  const node = [process.execPath, '--import', 'tsx', ...imports, join(root, 'src', 'main.ts')];
  const [command, ...args] = options.netns ? ['ip', 'netns', 'exec', options.netns, ...node] : node;
  const child = spawn(command ?? process.execPath, args, {
    cwd: root,
    env: { ...process.env, VIGIL_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<{ url: string; httpUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = (): void => {
      const url = /Vigil console: (\S+)/.exec(output)?.[1];
      const httpUrl = /Plain HTTP:\s+(\S+)/.exec(output)?.[1] ?? url;
      if (url && httpUrl) {
        clearTimeout(timer);
        resolve({ url, httpUrl });
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output}`));
    });
  });
  ready.catch(() => undefined);
  return { child, output: () => output, ready, exited };
}
