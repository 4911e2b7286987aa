// Admission control on one branch's WAN link, with priorities: a live stream reserves its bitrate plus headroom; a
// playback reserves its footage's bitrate and may use up to four times that while the link has room, room a live stream
// takes back when it needs it; a retrieval uses only what both leave. An open that does not fit is refused with the
// reason, and the streams already running are never degraded below what they were admitted with.
import { VigilError } from '../shared/errors.js';
import { RateMeter } from './pacer.js';

export interface LinkBudgetOptions {
  branchId: string;
  /** The branch's name for messages (its unit's name once the catalog came). */
  nameOf: () => string;
  budgetKbps: number;
  /** Fraction added to a live stream's bitrate for its reservation (bursts at keyframes, NATS framing). */
  headroom: number;
}

/** A playback may use up to this many times its footage's bitrate while the link has room (the player buffers ahead). */
const PLAYBACK_BURST = 4;

interface Reservation {
  /** What it was admitted with, and what it reserves now (a live stream's grows with its measured bitrate). */
  admitted: number;
  now: number;
  /** A playback: it may use up to this much when the link has room, and gives that room back first. */
  max?: number;
}

export class LinkBudget {
  private readonly reservations = new Map<string, Reservation>();
  /** What the link carries to the center (live, playback and retrieval), measured. */
  readonly meter = new RateMeter();

  constructor(private readonly options: LinkBudgetOptions) {}

  get budgetKbps(): number {
    return this.options.budgetKbps;
  }

  /** What the open streams are owed: the sum of their reservations (a playback's at its floor). */
  private get committedKbps(): number {
    let sum = 0;
    for (const reservation of this.reservations.values()) sum += reservation.now;
    return sum;
  }

  /** What live streams and playbacks may use now, playbacks' extra room included. */
  get usedKbps(): number {
    let sum = 0;
    for (const key of this.reservations.keys()) sum += this.reservedKbps(key) ?? 0;
    return sum;
  }

  /** What live and playback leave: the room retrievals may use, for they give way first. */
  get freeKbps(): number {
    return Math.max(0, this.options.budgetKbps - this.usedKbps);
  }

  get streams(): number {
    return this.reservations.size;
  }

  /** Reserves room for a live stream of `bitrateKbps`, or throws a 503 that says how full the link is. */
  admit(key: string, bitrateKbps: number): void {
    this.reserve(key, bitrateKbps * (1 + this.options.headroom));
  }

  /** Reserves room for relaying footage of `bitrateKbps` (at least in real time), or throws the 503. */
  admitPlayback(key: string, bitrateKbps: number): void {
    this.reserve(key, bitrateKbps, bitrateKbps * PLAYBACK_BURST);
  }

  private reserve(key: string, need: number, max?: number): void {
    if (this.reservations.has(key)) return;
    if (this.committedKbps + need > this.options.budgetKbps) {
      const mbit = (kbps: number) => (kbps / 1000).toFixed(1);
      throw new VigilError(
        'VIGIL_UNAVAILABLE',
        `The link to ${this.options.nameOf()} is full: ${this.streams} stream(s) use ${mbit(this.committedKbps)} of ` +
          `${mbit(this.options.budgetKbps)} Mbit/s, and this one needs ${mbit(need)}`,
        {
          // What the console says in its own language: which link, how full, and what this stream needs.
          details: {
            reason: 'link_full',
            branchId: this.options.branchId,
            branchName: this.options.nameOf(),
            streams: this.streams,
            usedKbps: Math.round(this.committedKbps),
            budgetKbps: this.budgetKbps,
            needKbps: Math.round(need),
          },
        },
      );
    }
    this.reservations.set(key, { admitted: need, now: need, ...(max === undefined ? {} : { max }) });
  }

  /**
   * A live stream's reservation grows with its measured bitrate, but never drops below what it was admitted with:
   * a bitrate measured over a few seconds dips, and a stream must not make room it will need again.
   */
  update(key: string, measuredKbps: number): void {
    const reservation = this.reservations.get(key);
    if (!reservation || reservation.max !== undefined || !(measuredKbps > 0)) return;
    reservation.now = Math.max(reservation.admitted, measuredKbps * (1 + this.options.headroom));
  }

  /**
   * What a stream may use now (undefined when it holds no reservation). A playback gets its floor plus an equal
   * share of the room nobody is owed, up to its ceiling; that room shrinks as soon as a live stream is admitted.
   */
  reservedKbps(key: string): number | undefined {
    const reservation = this.reservations.get(key);
    if (!reservation || reservation.max === undefined) return reservation?.now;
    let playbacks = 0;
    for (const other of this.reservations.values()) if (other.max !== undefined) playbacks += 1;
    const spare = Math.max(0, this.options.budgetKbps - this.committedKbps) / playbacks;
    return Math.min(reservation.max, reservation.now + spare);
  }

  release(key: string): void {
    this.reservations.delete(key);
  }
}
