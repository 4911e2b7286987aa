// Branch sites in network namespaces: each gets a WAN link to this (the center's) namespace shaped with tc tbf, and an
// unshaped LAN link the test reaches the branch's console on; simulated cameras and a branch hub run inside.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../src/version.js';
import { seedProvince, type SeedCamera } from './province.js';

const run = promisify(execFile);
const SIMULATOR = fileURLToPath(new URL('../../src/simulator/cli.ts', import.meta.url));

/** Runs a TypeScript file of the project with node + tsx inside a namespace. */
function spawnInNs(ns: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', script, ...args], {
    cwd: projectRoot(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves once `child` prints `text` on stdout; rejects after `timeoutMs` or when it exits first. */
function printed(child: ChildProcess, text: string, timeoutMs: number, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const collect = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${out}`));
    });
  });
}

export interface BranchSite {
  id: string;
  ns: string;
  /** The center's end of the WAN link (an interface of this namespace). */
  wanInterface: string;
  /** The center's address on the WAN link, which the branch dials. */
  centerAddress: string;
  /** The branch's console, reached over the LAN link. */
  base: string;
  dataDir: string;
  hub: ChildProcess;
}

export interface SiteOptions {
  id: string;
  /** 1, 2, …: picks the link subnets. */
  index: number;
  rateKbit: number;
  /** Main stream bitrate of the simulated cameras (their sub streams carry a quarter). */
  cameraKbps: number;
  /** Cameras of the branch, their URLs on the simulator inside its namespace (rtsp://127.0.0.1:8554/…). */
  cameras: readonly SeedCamera[];
  /** The branch hub's federation section (YAML, indented two spaces), given the center's WAN address. */
  federationYaml: (centerAddress: string) => string;
  /** Runs on the seeded data directory before the hub starts (e.g. to place recordings it adopts). */
  prepare?: (dataDir: string) => void;
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

async function tc(...args: string[]): Promise<void> {
  await run('tc', args);
}

/** One end of a link: shaped to `rateKbit` with tbf (a 400 ms queue, as a leased line's router would hold). */
async function shape(ns: string | undefined, device: string, rateKbit: number): Promise<void> {
  const where = ns ? ['-n', ns] : [];
  await tc(
    ...where,
    'qdisc',
    'add',
    'dev',
    device,
    'root',
    'tbf',
    'rate',
    `${rateKbit}kbit`,
    'burst',
    '16kb',
    'latency',
    '400ms',
  );
}

export class WanLab {
  readonly sites: BranchSite[] = [];
  /** `makeDir` gives each site an empty directory for its data and config. */
  constructor(private readonly makeDir: () => string) {}

  private readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];

  /** Creates the branch's namespace and links, its simulator and its hub; resolves once the hub is ready. */
  async addSite(options: SiteOptions): Promise<BranchSite> {
    const tag = `${process.pid % 100000}${options.index}`;
    const ns = `vigil-t-${process.pid}-${options.id}`;
    const wan = `vw${tag}`;
    const lan = `vl${tag}`;
    const centerAddress = `10.214.${options.index}.1`;
    const lanAddress = `10.215.${options.index}.2`;
    await ip('netns', 'add', ns);
    this.namespaces.push(ns);
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
    for (const [device, subnet] of [
      [wan, 214],
      [lan, 215],
    ] as const) {
      const inner = device === wan ? 'wan0' : 'lan0';
      await ip('link', 'add', device, 'type', 'veth', 'peer', 'name', inner, 'netns', ns);
      await ip('addr', 'add', `10.${subnet}.${options.index}.1/30`, 'dev', device);
      await ip('link', 'set', device, 'up');
      await ip('-n', ns, 'addr', 'add', `10.${subnet}.${options.index}.2/30`, 'dev', inner);
      await ip('-n', ns, 'link', 'set', inner, 'up');
    }
    await shape(undefined, wan, options.rateKbit);
    await shape(ns, 'wan0', options.rateKbit);

    const simulator = spawnInNs(ns, SIMULATOR, [
      '--loop',
      '--cameras',
      String(options.cameras.length),
      '--width',
      '640',
      '--height',
      '360',
      '--bitrate',
      String(options.cameraKbps),
    ]);
    this.children.push(simulator);
    await printed(simulator, 'rtsp://', 60_000, `simulator in ${ns}`);

    const dir = this.makeDir();
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    await seedProvince(dataDir, options.cameras);
    options.prepare?.(dataDir);
    const config = join(dir, 'vigil.yaml');
    writeFileSync(
      config,
      `server:\n  host: 0.0.0.0\n  port: 8080\n  https:\n    enabled: false\n` +
        `demo:\n  enabled: false\npush:\n  enabled: false\nrecording:\n  segmentSeconds: 4\n` +
        // Its cameras are the simulator's, on 127.0.0.1 inside the namespace.
        `registration:\n  allowTargets: [loopback]\n` +
        `federation:\n${options.federationYaml(centerAddress)}`,
    );
    const hub = spawnInNs(ns, join(projectRoot(), 'src', 'main.ts'), [], {
      VIGIL_CONFIG: config,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_LOG_LEVEL: 'warn',
    });
    this.children.push(hub);
    await printed(hub, 'Vigil console:', 60_000, `branch hub ${options.id}`);
    const site: BranchSite = {
      id: options.id,
      ns,
      wanInterface: wan,
      centerAddress,
      base: `http://${lanAddress}:8080`,
      dataDir,
      hub,
    };
    this.sites.push(site);
    return site;
  }

  /** Bytes the center's end of a branch's WAN link has received (branch → center). */
  static receivedBytes(site: BranchSite): number {
    return Number(readFileSync(`/sys/class/net/${site.wanInterface}/statistics/rx_bytes`, 'utf8'));
  }

  /** The WAN line down or up (the LAN link to the branch's console stays). */
  static async setWan(site: BranchSite, up: boolean): Promise<void> {
    await ip('link', 'set', site.wanInterface, up ? 'up' : 'down');
  }

  /** Ends the hubs and simulators, then deletes the namespaces (and with them every veth). */
  async destroy(): Promise<void> {
    const running = this.children.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    for (const ns of this.namespaces.splice(0)) {
      await run('ip', ['netns', 'delete', ns]).catch((error: unknown) => {
        process.stderr.write(`netns cleanup: ${ns}: ${String(error)}\n`);
      });
    }
  }
}
