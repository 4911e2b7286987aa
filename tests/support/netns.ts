// Network namespaces for tests: a private bridged link (10.213.0.0/24) where multicast may flow, never the host's interfaces.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isAlive } from './processes.js';

const run = promisify(execFile);

export interface NetnsMember {
  /** Namespace name, e.g. vigil-t-1234-a. */
  ns: string;
  /** IPv4 address on the bridge. */
  address: string;
}

export interface NetnsLab {
  /** Members by the short name given to createLab. */
  members: Record<string, NetnsMember>;
  /** Deletes every namespace (and so every veth and the bridge); safe to call twice. */
  destroy(): Promise<void>;
}

export const LAB_SUBNET = '10.213.0';

/** Whether namespaces can be created here (root with iproute2); the reason when not. */
export function netnsUnavailableReason(): string | undefined {
  const probe = `vigil-t-${process.pid}-probe`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'delete', probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot create network namespaces (needs root and iproute2): ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

/**
 * Creates a bridge namespace and one namespace per member, each linked to the bridge by a veth pair, with
 * addresses 10.213.0.<n> in member order starting at `firstHost` and a 224.0.0.0/4 route so multicast stays
 * on that link. Names carry the pid so parallel test files and leftovers from killed runs do not collide.
 */
export async function createLab(names: readonly string[], hostNumbers?: readonly number[]): Promise<NetnsLab> {
  await removeStaleNamespaces();
  const prefix = `vigil-t-${process.pid}`;
  const bridgeNs = `${prefix}-br`;
  const created: string[] = [];
  const destroy = async (): Promise<void> => {
    for (const ns of created.splice(0).reverse()) {
      await run('ip', ['netns', 'delete', ns]).catch((error: unknown) => {
        process.stderr.write(`netns cleanup: ${ns}: ${String(error)}\n`);
      });
    }
  };
  try {
    await ip('netns', 'add', bridgeNs);
    created.push(bridgeNs);
    await ip('-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge');
    await ip('-n', bridgeNs, 'link', 'set', 'br0', 'up');
    const members: Record<string, NetnsMember> = {};
    for (const [i, name] of names.entries()) {
      const ns = `${prefix}-${name}`;
      const address = `${LAB_SUBNET}.${hostNumbers?.[i] ?? i + 1}`;
      await ip('netns', 'add', ns);
      created.push(ns);
      // Create the pair inside the bridge namespace, then move one end: nothing ever touches the host's namespace.
      const outer = `v${i}`;
      await ip('-n', bridgeNs, 'link', 'add', outer, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      await ip('-n', bridgeNs, 'link', 'set', outer, 'master', 'br0');
      await ip('-n', bridgeNs, 'link', 'set', outer, 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'dev', 'eth0', 'multicast', 'on');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
      members[name] = { ns, address };
    }
    return { members, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/** Deletes vigil-t-<pid>-* namespaces whose test process is gone (a run killed before its afterAll). */
async function removeStaleNamespaces(): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'list']);
  for (const line of stdout.split('\n')) {
    const match = /^(vigil-t-(\d+)-\S+)/.exec(line);
    if (!match || isAlive(Number(match[2]))) continue;
    await run('ip', ['netns', 'delete', match[1]!]).catch((error: unknown) => {
      process.stderr.write(`stale netns ${match[1]}: ${String(error)}\n`);
    });
  }
}

/** Runs a TypeScript file with node + tsx inside a namespace. */
export function spawnInNs(ns: string, script: string, args: readonly string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line of `child` parsed as JSON; rejects on exit or after timeoutMs. */
export function firstJsonLine<T>(child: ChildProcess, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(out.slice(0, newline)) as T);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before output; stderr: ${err}`));
    });
  });
}

const DEVICE_CLI = fileURLToPath(new URL('../../src/simulator/onvif-cli.ts', import.meta.url));

export interface NetnsDeviceOptions {
  /** Picture of every device's camera (each is named `Line <name>`, id `cam-<name>`, 25 fps). */
  picture: {
    width: number;
    height: number;
    bitrateKbps: number;
    sub: false | { width: number; height: number; bitrateKbps: number };
  };
  username: string;
  password: string;
  clockOffsetSeconds?: number;
}

/**
 * Starts one simulated ONVIF device (device service on :8080, discovery responder on its interface) in each named
 * member's namespace; adds the processes to `children` and resolves with each device's ready line.
 */
export async function startNetnsDevices(
  lab: NetnsLab,
  names: readonly string[],
  options: NetnsDeviceOptions,
  children: ChildProcess[],
): Promise<Map<string, { httpPort: number; endpointReference: string }>> {
  const ready = new Map<string, { httpPort: number; endpointReference: string }>();
  for (const name of names) {
    const member = lab.members[name]!;
    const child = spawnInNs(member.ns, DEVICE_CLI, [
      JSON.stringify({
        host: member.address,
        httpPort: 8080,
        discovery: { interfaceAddress: member.address },
        camera: { id: `cam-${name}`, name: `Line ${name}`, fps: 25, ...options.picture },
        rtspBase: `rtsp://${member.address}:8554`,
        username: options.username,
        password: options.password,
        ...(options.clockOffsetSeconds !== undefined ? { clockOffsetSeconds: options.clockOffsetSeconds } : {}),
      }),
    ]);
    children.push(child);
    ready.set(name, await firstJsonLine(child, 20_000));
  }
  return ready;
}

/** Ends the children and waits for them; then deletes the lab (always: leftovers would leak interfaces). */
export async function stopNetns(children: readonly ChildProcess[], lab: NetnsLab | undefined): Promise<void> {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode !== null ? undefined : new Promise((resolve) => c.once('exit', resolve)))),
  );
  await lab?.destroy();
}
