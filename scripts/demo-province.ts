// The federated demo on one machine: a center hub and two branch hubs (东港, 西山), each with its own simulated
// cameras and its own nats-server, the branches leaf nodes of the center, all on loopback. Ctrl-C stops all three.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD } from '../src/org/index.js';
import { projectRoot } from '../src/version.js';

const HELP = `Usage: npm run demo:province -- [options]
  --dir PATH        where the three hubs keep their data (default data/province)
  --port P          the center's console port; the branches take P+1 and P+2 (default 8080)
  --leaf-port P     the center's port for branch hubs' leaf connections (default 7422; 0 = any free port)
  --cameras N       simulated cameras per branch (default 4)`;

const BRANCHES = [
  { id: 'branch-donggang', name: '东港分局', accounts: 'donggang' },
  { id: 'branch-xishan', name: '西山分局', accounts: 'xishan' },
] as const;

interface Site {
  name: string;
  scope: 'center' | (typeof BRANCHES)[number]['id'];
  port: number;
  federation: Record<string, unknown>;
}

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string' },
    'leaf-port': { type: 'string' },
    cameras: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const root = resolve(values.dir ?? 'data/province');
const port = Number(values.port ?? 8080);
const cameras = Number(values.cameras ?? 4);
const children: ChildProcess[] = [];

/** Each branch's leaf password: made on the first run, kept with the data. */
function leafPasswords(): Record<string, string> {
  const file = join(root, 'leaf-passwords.json');
  if (!existsSync(file)) {
    const made = Object.fromEntries(BRANCHES.map((branch) => [branch.id, randomBytes(18).toString('base64url')]));
    writeFileSync(file, JSON.stringify(made, null, 2), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** Starts one hub (its config written as JSON, which YAML reads) and resolves with its console and leaf port. */
function startHub(site: Site): Promise<{ url: string; leafPort: number | undefined }> {
  const dir = join(root, site.scope);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = {
    server: { host: '127.0.0.1', port: site.port, https: { enabled: false } },
    push: { enabled: false },
    demo: { enabled: true, scope: site.scope, cameras },
    // Three nats-servers on one machine: each takes any free client port.
    federation: { ...site.federation, nats: { port: 0 } },
  };
  writeFileSync(join(dir, 'vigil.yaml'), JSON.stringify(config, null, 2), { mode: 0o600 });
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'src', 'main.ts')], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      VIGIL_CONFIG: join(dir, 'vigil.yaml'),
      VIGIL_DATA_DIR: join(dir, 'data'),
      VIGIL_LOG_LEVEL: process.env.VIGIL_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const prefix = (text: string) => text.replace(/^(?=.)/gm, `[${site.name}] `);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk.toString())));
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const url = /Vigil console: (\S+)/.exec(out)?.[1];
      // The banner is written whole: once it has the console line, the leaf port line is there too when it exists.
      if (!url) return;
      child.stdout?.off('data', onData);
      child.removeAllListeners('exit');
      child.once('exit', (code) => process.stderr.write(`[${site.name}] hub exited with ${code}\n`));
      const leaf = /Leaf port for branch hubs: (\d+)/.exec(out)?.[1];
      resolvePromise({ url, leafPort: leaf ? Number(leaf) : undefined });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${site.name} hub exited with ${code} before it was ready`)));
  });
}

async function stopAll(): Promise<void> {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(running.map((child) => new Promise((done) => child.once('exit', done))));
}

async function main(): Promise<void> {
  mkdirSync(root, { recursive: true });
  const passwords = leafPasswords();
  const center = await startHub({
    name: 'center',
    scope: 'center',
    port,
    federation: {
      role: 'center',
      leaf: { host: '127.0.0.1', port: Number(values['leaf-port'] ?? 7422) },
      branches: BRANCHES.map((branch) => ({ id: branch.id, password: passwords[branch.id] })),
    },
  });
  const branches = await Promise.all(
    BRANCHES.map((branch, index) =>
      startHub({
        name: branch.id,
        scope: branch.id,
        port: port + 1 + index,
        federation: {
          role: 'branch',
          branchId: branch.id,
          centerUrl: `nats-leaf://127.0.0.1:${center.leafPort}`,
          centerPassword: passwords[branch.id],
        },
      }),
    ),
  );
  const lines = [
    '',
    `  Center console:   ${center.url}`,
    `    center-operator, center-inspector, center-admin: every branch`,
    ...BRANCHES.map((branch) => `    ${branch.accounts}-inspector: only ${branch.name}`),
    ...BRANCHES.map(
      (branch, index) => `  ${branch.name} console: ${branches[index]?.url}  (${branch.accounts}-admin …)`,
    ),
    `  Password of every demo account: "${DEMO_PASSWORD}"`,
    `  Data: ${root}   Ctrl-C stops all three hubs.`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(0)));
}
main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
