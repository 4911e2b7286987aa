// The center hub's side of the federation: sources every branch's catalog and events into its own JetStream, mirrors
// them into its org tree and event log, and pings each branch to know whether its link is up.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { BranchCatalog, FederatedEvent, type FederationLinkView } from '../contracts/index.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import { BRANCH_STREAMS } from './branch-link.js';
import type { CatalogMirror, MirrorChange } from './catalog-mirror.js';
import { connectLocal, type LocalNats } from './connection.js';
import { LinkBudget } from './link-budget.js';
import { subjects } from './nats-conf.js';

export const CENTER_STREAMS = { catalog: 'FED_CATALOG', events: 'FED_EVENTS' } as const;
const EVENTS_CONSUMER = 'center-event-log';

export interface LinkChange {
  branchId: string;
  state: 'up' | 'down';
  lastSeenAt: number | null;
}

export interface CenterLinkOptions {
  branches: readonly { id: string; lineKbps: number }[];
  nats: () => LocalNats;
  mirror: CatalogMirror;
  /** Writes one branch event into the center's log; false when it was there already (a redelivery). */
  writeEvent: (branchId: string, event: FederatedEvent) => boolean;
  onLink: (change: LinkChange) => void;
  onCatalog?: (branchId: string, change: MirrorChange) => void;
  logger: Logger;
  pingMs: number;
  staleAfterMs: number;
  /** Share of each line's rate live streams may use, and the headroom each reserves above its bitrate. */
  budgetShare: number;
  headroom: number;
  /** Retrieval jobs running on a branch's link. */
  retrievalsOn?: (branchId: string) => number;
}

interface LinkState {
  state: 'up' | 'down';
  lastSeenAt: number | null;
  rttMs: number | null;
  name: string | null;
}

export class CenterLink implements Service {
  readonly name = 'federation-center';
  private connection: NatsConnection | undefined;
  private readonly links = new Map<string, LinkState>();
  private readonly budgets = new Map<string, LinkBudget>();
  private readonly feeds: ConsumerMessages[] = [];
  private pinger: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: CenterLinkOptions) {
    for (const branch of options.branches) {
      const link: LinkState = { state: 'down', lastSeenAt: null, rttMs: null, name: null };
      this.links.set(branch.id, link);
      this.budgets.set(
        branch.id,
        new LinkBudget({
          branchId: branch.id,
          nameOf: () => link.name ?? branch.id,
          budgetKbps: branch.lineKbps * options.budgetShare,
          headroom: options.headroom,
        }),
      );
    }
  }

  async start(): Promise<void> {
    const { logger } = this.options;
    this.connection = await connectLocal(this.options.nats(), 'vigil-center', logger);
    await this.ensureStreams();
    const js = jetstream(this.connection);
    // The newest catalog of every branch first, then each new one as the sources bring it in.
    const catalogs = await js.consumers.get(CENTER_STREAMS.catalog, { deliver_policy: DeliverPolicy.LastPerSubject });
    this.feed(await catalogs.consume(), (data) => this.applyCatalog(data));
    const events = await js.consumers.get(CENTER_STREAMS.events, EVENTS_CONSUMER);
    this.feed(await events.consume(), (data, subject) => this.applyEvent(data, subject));
    this.pinger = setInterval(() => void this.pingAll(), this.options.pingMs);
    void this.pingAll();
  }

  async stop(): Promise<void> {
    clearInterval(this.pinger);
    for (const feed of this.feeds) feed.stop();
    await this.connection?.drain().catch(() => undefined);
    this.connection = undefined;
  }

  /** Each configured branch's link as it stands. */
  views(): FederationLinkView[] {
    return this.options.branches.map((branch) => {
      const link = this.links.get(branch.id) as LinkState;
      const budget = this.budgets.get(branch.id) as LinkBudget;
      return {
        branchId: branch.id,
        name: link.name,
        state: link.state,
        lastSeenAt: link.lastSeenAt === null ? null : new Date(link.lastSeenAt).toISOString(),
        rttMs: link.state === 'up' ? link.rttMs : null,
        cameras: this.options.mirror.cameraCount(branch.id),
        lineKbps: branch.lineKbps,
        budgetKbps: budget.budgetKbps,
        usedKbps: Math.round(budget.usedKbps),
        streams: budget.streams,
        throughputKbps: budget.meter.kbps(),
        retrievals: this.options.retrievalsOn?.(branch.id) ?? 0,
      };
    });
  }

  /** The connection to the center's nats-server while started (leases travel on it). */
  get nats(): NatsConnection | undefined {
    return this.connection;
  }

  /** The admission control of a branch's link. */
  budget(branchId: string): LinkBudget | undefined {
    return this.budgets.get(branchId);
  }

  isUp(branchId: string): boolean {
    return this.links.get(branchId)?.state === 'up';
  }

  private async ensureStreams(): Promise<void> {
    const manager = await jetstreamManager(this.connection as NatsConnection);
    const sources = (stream: string) =>
      this.options.branches.map((branch) => ({
        name: stream,
        external: { api: subjects.jsApi(branch.id), deliver: subjects.deliver(branch.id, stream) },
      }));
    const wanted = [
      { name: CENTER_STREAMS.catalog, max_msgs_per_subject: 1, sources: sources(BRANCH_STREAMS.catalog) },
      { name: CENTER_STREAMS.events, sources: sources(BRANCH_STREAMS.events) },
    ];
    for (const config of wanted) {
      // Add, or bring an existing stream's sources up to the configured branches.
      await manager.streams.add(config).catch(() => manager.streams.update(config.name, config));
    }
    await manager.consumers
      .add(CENTER_STREAMS.events, {
        durable_name: EVENTS_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      })
      .catch(() => undefined);
  }

  /** Hands each message to `apply`; a message that cannot be read is logged and passed over, never retried forever. */
  private feed(messages: ConsumerMessages, apply: (data: unknown, subject: string) => void): void {
    this.feeds.push(messages);
    void (async () => {
      for await (const message of messages) {
        try {
          apply(message.json(), message.subject);
        } catch (error) {
          this.options.logger.warn({ err: error, subject: message.subject }, 'federation: unreadable message skipped');
        }
        message.ack();
      }
    })();
  }

  private applyCatalog(data: unknown): void {
    const catalog = BranchCatalog.parse(data);
    const link = this.links.get(catalog.branchId);
    if (!link) return; // a branch this center does not accept (its stream is not sourced, so this is stale data)
    link.name = catalog.branch.name;
    const change = this.options.mirror.apply(catalog);
    const { added, updated, removed } = change;
    this.options.logger.info({ branchId: catalog.branchId, added, updated, removed }, 'federation: catalog applied');
    this.options.onCatalog?.(catalog.branchId, change);
  }

  private applyEvent(data: unknown, subject: string): void {
    const branchId = subject.split('.')[1] ?? '';
    if (!this.links.has(branchId)) return;
    this.options.writeEvent(branchId, FederatedEvent.parse(data));
  }

  private async pingAll(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    await Promise.all(
      this.options.branches.map(async (branch) => {
        const link = this.links.get(branch.id) as LinkState;
        const sent = Date.now();
        try {
          await connection.request(`${subjects.prefix(branch.id)}.ping`, undefined, { timeout: this.options.pingMs });
          link.rttMs = Date.now() - sent;
          link.lastSeenAt = Date.now();
          this.setState(branch.id, link, 'up');
        } catch {
          const silentFor = Date.now() - (link.lastSeenAt ?? 0);
          if (silentFor >= this.options.staleAfterMs) this.setState(branch.id, link, 'down');
        }
      }),
    );
  }

  private setState(branchId: string, link: LinkState, state: 'up' | 'down'): void {
    if (link.state === state) return;
    link.state = state;
    this.options.onLink({ branchId, state, lastSeenAt: link.lastSeenAt });
  }
}
