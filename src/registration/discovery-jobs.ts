// Discovery jobs: a multicast probe or a unicast sweep running in the background, polled for progress and results.
import { networkInterfaces } from 'node:os';
import type {
  DiscoveredCamera,
  DiscoveryInput,
  DiscoveryJob,
  JobNotice,
  NetworkInterfaceChoice,
} from '../contracts/index.js';
import {
  discoverMulticast,
  discoverUnicast,
  expandHosts,
  type DiscoveredDevice,
  type DiscoveryResult,
} from '../onvif/index.js';
import type { Caller, Scope } from '../org/index.js';
import { errorMessage, VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { withoutCredentials } from '../shared/redact.js';
import type { Logger } from '../shared/logger.js';
import type { AdminReach } from './reach.js';

const NOTIFY_EVERY_MS = 250;

export interface DiscoveryJobsOptions {
  logger: Logger;
  /**
   * Registered cameras in `scope` by their ONVIF device address, to mark devices already added; read once per
   * answer. Only the caller's scope: a camera of another branch is no business of this admin, not even its id.
   */
  registered: (scope: Scope) => ReadonlyMap<string, string>;
  /** Admin reach: every address of a sweep is checked before the sweep starts. Multicast needs no check. */
  reach?: Pick<AdminReach, 'check'>;
  /** How long a multicast probe collects replies. Default 3 s. */
  multicastWindowMs?: number;
  /** Jobs running at once over the whole hub (each holds a UDP socket). Default 4. */
  maxRunning?: number;
  /** How a job goes, for its owner's consoles (at most every quarter second, and when it ends). */
  notify?: (notice: JobNotice) => void;
  /** Finished jobs are forgotten after this long. Default 10 min. */
  keepMs?: number;
  /** Jobs remembered at most; the oldest finished ones go first. Default 200. */
  maxKept?: number;
}

/** Who runs and reads a job: its owner, and the scope the marks of registered devices come from. */
export type DiscoveryOwner = Pick<Caller, 'userId' | 'scope'>;

interface Job {
  ownerId: string;
  scope: Scope;
  view: DiscoveryJob;
  finishedAt: number | undefined;
}

/** IPv4 interfaces a multicast probe can leave from (loopback last: it reaches only this machine). */
export function listInterfaces(): NetworkInterfaceChoice[] {
  const out: NetworkInterfaceChoice[] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4') out.push({ name, address: address.address, cidr: address.cidr });
    }
  }
  return out.sort((a, b) => Number(a.address.startsWith('127.')) - Number(b.address.startsWith('127.')));
}

export class DiscoveryJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly windowMs: number;

  constructor(private readonly options: DiscoveryJobsOptions) {
    this.windowMs = options.multicastWindowMs ?? 3000;
  }

  /** Starts a job owned by `owner` and returns it at once; poll `get` for progress. */
  start(owner: DiscoveryOwner, input: DiscoveryInput): DiscoveryJob {
    this.forgetOld();
    const running = [...this.jobs.values()].filter((job) => job.view.state === 'running').length;
    if (running >= (this.options.maxRunning ?? 4)) {
      throw new VigilError('VIGIL_CONFLICT', 'Other discoveries are running; try again in a few seconds', {
        details: { reason: 'busy' },
      });
    }
    let total: number;
    let run: (onProgress: (done: number) => void) => Promise<DiscoveryResult>;
    if (input.mode === 'sweep') {
      // Expanding first turns a bad range into a 400 now, not a failed job later.
      const hosts = expandHosts(input.hosts);
      for (const host of hosts) this.options.reach?.check(host);
      total = hosts.length;
      run = (onProgress) =>
        discoverUnicast({
          hosts,
          ...(input.port ? { port: input.port } : {}),
          replyWaitMs: 1500,
          onProgress: (sent) => onProgress(sent),
          logger: this.options.logger,
        });
    } else {
      const interfaceAddress = input.interfaceAddress ?? listInterfaces()[0]?.address;
      const known = listInterfaces().some((choice) => choice.address === interfaceAddress);
      if (!interfaceAddress || !known) {
        throw new VigilError('VIGIL_VALIDATION', 'Choose one of the hub’s network interfaces for a multicast probe');
      }
      total = this.windowMs;
      run = async (onProgress) => {
        const started = Date.now();
        const ticker = setInterval(() => onProgress(Math.min(this.windowMs, Date.now() - started)), 250);
        try {
          return await discoverMulticast({ interfaceAddress, timeoutMs: this.windowMs, logger: this.options.logger });
        } finally {
          clearInterval(ticker);
        }
      };
    }
    const view: DiscoveryJob = {
      id: newId('disc'),
      mode: input.mode,
      state: 'running',
      progress: { done: 0, total },
      startedAt: new Date().toISOString(),
      finishedAt: null,
      devices: [],
      ignoredReplies: 0,
      error: null,
    };
    const job: Job = { ownerId: owner.userId, scope: owner.scope, view, finishedAt: undefined };
    this.jobs.set(view.id, job);
    let toldAt = 0;
    const tell = (): void => {
      toldAt = Date.now();
      this.options.notify?.({ kind: 'discovery', userId: owner.userId, job: view });
    };
    void run((done) => {
      view.progress = { done, total };
      if (Date.now() - toldAt >= NOTIFY_EVERY_MS) tell();
    })
      .then((result) => {
        const registered = this.options.registered(job.scope);
        view.devices = result.devices.map((device) => this.toCamera(device, registered));
        view.ignoredReplies = result.ignoredReplies;
        view.progress = { done: total, total };
        view.state = 'done';
      })
      .catch((error: unknown) => {
        view.state = 'failed';
        view.error = errorMessage(error);
        this.options.logger.warn({ job: view.id, error: view.error }, 'discovery failed');
      })
      .finally(() => {
        job.finishedAt = Date.now();
        view.finishedAt = new Date(job.finishedAt).toISOString();
        tell();
      });
    return view;
  }

  /** A job of this owner; others' jobs answer like unknown ones. */
  get(owner: DiscoveryOwner, id: string): DiscoveryJob {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== owner.userId) throw new VigilError('VIGIL_NOT_FOUND', 'No such discovery');
    // Refreshed on every read, in the reader's scope now: a device registered since the sweep shows as added.
    const registered = this.options.registered(owner.scope);
    job.view.devices = job.view.devices.map((device) => ({
      ...device,
      registeredCameraId: registered.get(device.deviceUrl) ?? null,
    }));
    return job.view;
  }

  private toCamera(device: DiscoveredDevice, registered: ReadonlyMap<string, string>): DiscoveredCamera {
    return {
      endpointReference: device.endpointReference,
      // A device may advertise its address with user:password@ in it; the console never needs them.
      deviceUrl: withoutCredentials(device.deviceUrl),
      address: device.address,
      name: device.name ?? null,
      hardware: device.hardware ?? null,
      location: device.location ?? null,
      registeredCameraId: registered.get(withoutCredentials(device.deviceUrl)) ?? null,
    };
  }

  private forgetOld(): void {
    const cutoff = Date.now() - (this.options.keepMs ?? 600_000);
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== undefined && job.finishedAt < cutoff) this.jobs.delete(id);
    // Beyond the bound the oldest finished jobs go too (the map keeps insertion order).
    const excess = this.jobs.size - (this.options.maxKept ?? 200);
    if (excess <= 0) return;
    const finished = [...this.jobs].filter(([, job]) => job.finishedAt !== undefined).slice(0, excess);
    for (const [id] of finished) this.jobs.delete(id);
  }
}
