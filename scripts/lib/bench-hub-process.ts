// The hub as its own process for benchmarks (its CPU apart from the bench's): config file, launch, output, stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { tryKill, type BenchLifecycle } from './bench-lifecycle.js';
import { benchHubSettings } from './bench-settings.js';

export interface HubProcess {
  child: ChildProcess;
  pid: number;
  base: string;
  warnings: () => { count: number; last: string[] };
  stderrTail: () => string;
  exited: Promise<void>;
}

export interface HubProcessOptions {
  /** The project root: the hub runs `src/main.ts` from there. */
  root: string;
  /** An empty data directory; the config file is written next to it. */
  dataDir: string;
  /** Where node writes the hub's .cpuprofile on exit; no profiling when undefined. */
  profDir: string | undefined;
  nodeArgs: readonly string[];
  /** Also append the hub's stdout and stderr to this file. */
  logFile: string | undefined;
  /** `ingest.engine`; the hub's default when undefined. */
  engine?: 'native' | 'ffmpeg' | undefined;
}

/** Variables that would override the written config file. */
const OVERRIDING_ENV = ['VIGIL_PORT', 'VIGIL_HOST', 'VIGIL_DATA_DIR', 'VIGIL_ADMIN_PASSWORD', 'VIGIL_LOG_LEVEL'];
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 20_000;

/** Starts the hub (plain HTTP, warn level) and waits for its console URL; its stop is registered as a cleanup. */
export async function launchHubProcess(life: BenchLifecycle, options: HubProcessOptions): Promise<HubProcess> {
  const configFile = join(options.dataDir, '..', 'vigil.yaml');
  // JSON is YAML: the hub reads it as its config file.
  writeFileSync(
    configFile,
    `${JSON.stringify(benchHubSettings(options.dataDir, { https: false, logLevel: 'warn', engine: options.engine }))}\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_CONFIG: configFile };
  for (const key of OVERRIDING_ENV) delete env[key];
  const nodeArgs = [
    ...(options.profDir ? ['--cpu-prof', '--cpu-prof-dir', options.profDir] : []),
    ...options.nodeArgs,
    '--import',
    'tsx',
    'src/main.ts',
  ];
  const child = spawn(process.execPath, nodeArgs, { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('could not start the hub process');
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  life.trackPid(pid, exited);
  const output = watchHubOutput(child, exited, options.logFile);

  const stopHub = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    tryKill(pid, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
    if (!gone) {
      console.error(`hub pid ${pid} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
      tryKill(pid, 'SIGKILL');
      await Promise.race([exited, delay(5_000)]);
    }
  };
  life.addCleanup(`hub ${pid}`, stopHub);

  const timeout = delay(READY_TIMEOUT_MS, 'timeout' as const, { signal: life.signal });
  const result = await Promise.race([output.url, exited.then(() => 'exited' as const), timeout]);
  if (result === 'exited') throw new Error(`the hub exited before it was ready:\n${output.stderrTail()}`);
  if (result === 'timeout') {
    throw new Error(`the hub printed no console URL within ${READY_TIMEOUT_MS / 1000} s:\n${output.stderrTail()}`);
  }
  return { child, pid, base: result, warnings: output.warnings, stderrTail: output.stderrTail, exited };
}

interface HubOutput {
  /** The console URL from the start-up banner, without a trailing slash. */
  url: Promise<string>;
  /** JSON log lines (at warn level, every one is a warning or worse): a count and the last five. */
  warnings: () => { count: number; last: string[] };
  /** The last 4000 characters of stderr. */
  stderrTail: () => string;
}

function watchHubOutput(child: ChildProcess, exited: Promise<void>, logFile: string | undefined): HubOutput {
  let warnCount = 0;
  const lastWarnings: string[] = [];
  let stderr = '';
  let stdoutBuffer = '';
  let resolveUrl: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  const hubLog = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  if (hubLog) void exited.then(() => hubLog.end());
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    hubLog?.write(chunk);
    stdoutBuffer += chunk;
    let newline: number;
    while ((newline = stdoutBuffer.indexOf('\n')) >= 0) {
      const line = stdoutBuffer.slice(0, newline);
      stdoutBuffer = stdoutBuffer.slice(newline + 1);
      const banner = /Vigil console: (https?:\/\/\S+)/.exec(line);
      if (banner?.[1]) resolveUrl(banner[1].replace(/\/$/, ''));
      if (line.startsWith('{')) {
        warnCount++;
        lastWarnings.push(warningLine(line));
        if (lastWarnings.length > 5) lastWarnings.shift();
      }
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    hubLog?.write(chunk);
    stderr = (stderr + chunk).slice(-4000);
  });
  return {
    url,
    warnings: () => ({ count: warnCount, last: [...lastWarnings] }),
    stderrTail: () => stderr,
  };
}

/** One pino line, short: level, camera and message. */
function warningLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; camera?: string };
    return `level ${entry.level ?? '?'}${entry.camera ? ` ${entry.camera}` : ''}: ${entry.msg ?? ''}`.slice(0, 200);
  } catch {
    // Starts like JSON but is not: keep the raw line.
    return line.slice(0, 200);
  }
}
