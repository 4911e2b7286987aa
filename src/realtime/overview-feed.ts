// The overview screen's feed: sockets that watch it join an overview room of their scope; after anything changes
// (an event logged, a camera's status), each such room gets its scope's figures anew, at most once per interval.
import type { Overview } from '../contracts/index.js';
import type { Scope } from '../org/index.js';
import type { Logger } from '../shared/logger.js';

type AgencyScope = Exclude<Scope, { kind: 'enterprise' }>;

/** What the feed needs of socket.io: the members of a room, and sending to it. */
export interface OverviewRooms {
  size(room: string): number;
  send(room: string, overview: Overview): void;
}

export class OverviewFeed {
  /** The overview rooms ever joined, by the scope whose figures they hear. */
  private readonly rooms = new Map<string, AgencyScope>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly figures: (scope: AgencyScope) => Overview,
    private readonly io: OverviewRooms,
    private readonly logger: Logger,
    private readonly intervalMs = 2000,
  ) {}

  /** The room a socket of this scope joins to watch; its figures now, for that socket alone. */
  watch(scope: AgencyScope): { room: string; overview: Overview } {
    const room = scope.kind === 'province' ? 'overview:province' : `overview:unit:${scope.orgUnitId}`;
    this.rooms.set(room, scope);
    return { room, overview: this.figures(scope) };
  }

  /** Something changed: every watched scope is sent its figures once the interval has passed. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.send();
    }, this.intervalMs);
    this.timer.unref();
  }

  private send(): void {
    for (const [room, scope] of this.rooms) {
      if (this.io.size(room) === 0) continue;
      try {
        this.io.send(room, this.figures(scope));
      } catch (error) {
        // A failing computation (the database closing under the hub's stop) must not end the process.
        this.logger.warn({ err: error, room }, 'computing the overview failed');
      }
    }
  }

  close(): void {
    clearTimeout(this.timer);
  }
}
