// The embedded nats-server: config written 0600 (no secret in the process list), started, supervised, restarted.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StderrRing, systemSpawn, type ChildProcessLike, type SpawnPort } from '../ffmpeg/index.js';
import { Backoff } from '../shared/backoff.js';
import { VigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';

export interface NatsServerOptions {
  serverPath: string;
  /** Directory of the config, the ports file and the JetStream store. */
  dir: string;
  /** The config text; after the first start the ports it got are passed back, so a restart keeps them. */
  render: (settings: RenderSettings) => string;
  logger: Logger;
  /** Told after every (re)start, with the client port the server listens on. */
  onReady?: (clientPort: number) => void;
  spawn?: SpawnPort;
  /** How long a start may take before it counts as failed. */
  startTimeoutMs?: number;
}

export interface RenderSettings {
  /** The password the hub connects with, made anew at every hub start. */
  hubPassword: string;
  storeDir: string;
  /** Ports of the previous run: undefined on the first start (the configured ones apply). */
  clientPort: number | undefined;
  leafPort: number | undefined;
}

/** The port at the end of a log line that starts with `label` (nats-server 2.9: "… on 127.0.0.1:4222"). */
function portIn(line: string, label: string): number | undefined {
  const at = line.indexOf(label);
  if (at < 0) return undefined;
  const match = /:(\d+)\s*$/.exec(line.slice(at + label.length));
  return match ? Number(match[1]) : undefined;
}

/** Supervises one nats-server: the hub's own, on 127.0.0.1, with a password made anew at every hub start. */
export class NatsServerProcess implements Service {
  readonly name = 'nats-server';
  readonly hubPassword = randomBytes(18).toString('base64url');
  private child: ChildProcessLike | undefined;
  private stopping = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly backoff = new Backoff();
  private readonly stderr = new StderrRing({ capacity: 30 });
  private ports: { client: number; leaf: number | undefined } | undefined;

  constructor(private readonly options: NatsServerOptions) {}

  /** The client port, once started. */
  get clientPort(): number {
    if (!this.ports) throw new VigilError('VIGIL_UNAVAILABLE', 'nats-server has not started');
    return this.ports.client;
  }

  /** The leaf-node port (center only), once started. */
  get leafPort(): number | undefined {
    return this.ports?.leaf;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await closed;
    clearTimeout(killer);
    this.child = undefined;
  }

  private async launch(): Promise<void> {
    const { dir, logger } = this.options;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const confPath = join(dir, 'nats.conf');
    const settings: RenderSettings = {
      hubPassword: this.hubPassword,
      storeDir: join(dir, 'jetstream'),
      clientPort: this.ports?.client,
      leafPort: this.ports?.leaf,
    };
    writeFileSync(confPath, this.options.render(settings), { mode: 0o600 });
    const spawn = this.options.spawn ?? systemSpawn;
    const child = spawn(this.options.serverPath, ['-c', confPath]);
    this.child = child;
    const started = Date.now();
    const ready = this.readiness(child);
    const exited = new Promise<string>((resolve) => {
      child.once('error', (error) => resolve(error.message));
      child.once('close', (code, signal) => {
        this.stderr.flush();
        resolve(`exited with ${signal ?? `code ${code}`}: ${this.stderr.last() ?? 'no output'}`);
      });
    });
    void exited.then((why) => this.onExit(child, why, started));
    const timeoutMs = this.options.startTimeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      ready,
      exited.then((why) => new VigilError('VIGIL_UNAVAILABLE', `nats-server did not start: ${why}`)),
      new Promise<VigilError>((resolve) => {
        timer = setTimeout(
          () => resolve(new VigilError('VIGIL_UNAVAILABLE', `nats-server did not start within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    clearTimeout(timer);
    if (outcome instanceof VigilError) {
      child.kill('SIGKILL');
      throw outcome;
    }
    this.ports = outcome;
    logger.info({ pid: child.pid, clientPort: outcome.client, leafPort: outcome.leaf }, 'nats-server ready');
    this.options.onReady?.(outcome.client);
  }

  /** The ports nats-server says it listens on, once it says it is ready (its log goes to stderr). */
  private readiness(child: ChildProcessLike): Promise<{ client: number; leaf: number | undefined }> {
    return new Promise((resolve) => {
      let client: number | undefined;
      let leaf: number | undefined;
      let partial = '';
      const onData = (chunk: Buffer): void => {
        this.stderr.push(chunk);
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          client ??= portIn(line, 'Listening for client connections on');
          leaf ??= portIn(line, 'Listening for leafnode connections on');
          if (line.includes('Server is ready') && client !== undefined) resolve({ client, leaf });
        }
      };
      child.stderr?.on('data', onData);
      child.stdout?.on('data', (chunk) => this.stderr.push(chunk));
    });
  }

  private onExit(child: ChildProcessLike, why: string, startedAt: number): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.stopping) return;
    // A run that lasted a minute was healthy: the next failure starts the ladder again.
    if (Date.now() - startedAt > 60_000) this.backoff.reset();
    const delayMs = this.backoff.next();
    this.options.logger.error({ why, delayMs }, 'nats-server stopped; restarting');
    this.restartTimer = setTimeout(() => {
      this.launch().catch((error: unknown) => this.options.logger.error({ err: error }, 'nats-server restart failed'));
    }, delayMs);
  }
}
