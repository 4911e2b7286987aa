// A branch hub's side of the federation: its catalog and its events in its own JetStream domain, for the center to
// source whenever the line is up, and answers to the center's pings. Nothing here needs the WAN to be up.
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { BranchCatalog, FederatedEvent } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { EventRow } from '../events/index.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import { catalogKey } from './catalog.js';
import type { BranchRecords } from './branch-records.js';
import { connectLocal, encode, type LocalNats } from './connection.js';
import type { LiveLeases } from './live-leases.js';
import { subjects } from './nats-conf.js';

/** The branch-side streams the center sources from. */
export const BRANCH_STREAMS = { catalog: 'CATALOG', events: 'EVENTS' } as const;

export interface BranchLinkOptions {
  branchId: string;
  nats: () => LocalNats;
  db: Db;
  /** The branch's catalog now. */
  catalog: () => BranchCatalog;
  /** Registers a callback for anything that may change the catalog or add events; returns its removal. */
  onChange: (listener: () => void) => () => void;
  logger: Logger;
  /** How often the catalog is compared with what was sent, besides every change. */
  checkMs: number;
  /** Answers about this branch's recordings; started on the connection. */
  records?: BranchRecords;
  /** Live streams the center leases; started on the connection, stopped before it drains. */
  leases?: LiveLeases;
  /** How long the branch keeps events for a center that is away. */
  eventsMaxAgeDays?: number;
}

const toWire = (row: EventRow): FederatedEvent => ({
  id: row.id,
  at: row.at,
  type: row.type,
  severity: row.severity as FederatedEvent['severity'],
  cameraId: row.camera_id,
  enterpriseId: row.enterprise_id,
  orgUnitId: row.org_unit_id,
  userId: row.user_id,
  ip: row.ip,
  message: row.message,
  data: row.data,
});

const DAY_S = 86_400;
const BATCH = 200;

export class BranchLink implements Service {
  readonly name = 'federation-branch';
  private connection: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private readonly sql: Prepare;
  private sentKey = '';
  private timer: ReturnType<typeof setInterval> | undefined;
  private removeListener: (() => void) | undefined;
  private ping: Subscription | undefined;
  private pending: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: BranchLinkOptions) {
    this.sql = cachedPrepare(options.db);
  }

  async start(): Promise<void> {
    const { branchId, logger } = this.options;
    this.connection = await connectLocal(this.options.nats(), `vigil-branch-${branchId}`, logger);
    const manager = await jetstreamManager(this.connection);
    await manager.streams.add({
      name: BRANCH_STREAMS.catalog,
      subjects: [subjects.catalog(branchId)],
      max_msgs_per_subject: 1,
    });
    await manager.streams.add({
      name: BRANCH_STREAMS.events,
      subjects: [subjects.events(branchId)],
      max_age: (this.options.eventsMaxAgeDays ?? 30) * DAY_S * 1e9,
      // A publish retried after a lost ack carries the same id and is stored once.
      duplicate_window: 600 * 1e9,
    });
    this.js = jetstream(this.connection);
    // A branch that joins keeps the history it had to itself: the center gets the events from then on.
    this.sql(
      `INSERT OR IGNORE INTO federation_outbox (stream, last_id) SELECT 'events', COALESCE(MAX(id), 0) FROM events`,
    ).run();
    const connection = this.connection;
    this.ping = connection.subscribe(subjects.prefix(branchId) + '.ping', {
      callback: (_error, message) => {
        message.respond(encode({ branchId, sentAt: Date.now() }));
      },
    });
    this.options.records?.start(connection);
    this.options.leases?.start(connection);
    this.removeListener = this.options.onChange(() => this.kick());
    this.timer = setInterval(() => this.kick(), this.options.checkMs);
    this.kick();
    await this.pending;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.removeListener?.();
    await this.pending?.catch(() => undefined);
    this.ping?.unsubscribe();
    this.options.records?.stop();
    this.options.leases?.stop();
    await this.connection?.drain().catch(() => undefined);
    this.connection = undefined;
  }

  /** Runs one sync now, or once more after the one under way: never two at once, never one missed. */
  private kick(): void {
    if (this.pending) {
      this.again = true;
      return;
    }
    this.pending = this.sync()
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'federation: sync to the local stream failed'),
      )
      .finally(() => {
        this.pending = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async sync(): Promise<void> {
    await this.syncCatalog();
    await this.forwardEvents();
  }

  private async syncCatalog(): Promise<void> {
    const catalog = this.options.catalog();
    const key = catalogKey(catalog);
    if (key === this.sentKey || !this.js) return;
    await this.js.publish(subjects.catalog(this.options.branchId), encode(catalog));
    this.sentKey = key;
  }

  /** Events after the last one the local stream acknowledged, in order; the cursor moves only on its ack. */
  private async forwardEvents(): Promise<void> {
    const js = this.js;
    if (!js) return;
    const { branchId } = this.options;
    for (;;) {
      const cursor = this.sql('SELECT last_id FROM federation_outbox WHERE stream = ?').get('events') as
        { last_id: number } | undefined;
      const rows = this.sql('SELECT * FROM events WHERE id > ? AND origin IS NULL ORDER BY id LIMIT ?').all(
        cursor?.last_id ?? 0,
        BATCH,
      ) as EventRow[];
      if (rows.length === 0) return;
      for (const row of rows) {
        await js.publish(subjects.events(branchId), encode(toWire(row)), { msgID: `${branchId}-${row.id}` });
        this.sql(
          `INSERT INTO federation_outbox (stream, last_id) VALUES ('events', ?)
           ON CONFLICT(stream) DO UPDATE SET last_id = excluded.last_id`,
        ).run(row.id);
      }
    }
  }
}
