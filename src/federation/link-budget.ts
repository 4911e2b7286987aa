// Admission control on one branch's WAN link: each stream reserves its bitrate plus headroom; an open that does not
// fit is refused with the reason, and the streams already running are never degraded to make room.
import { VigilError } from '../shared/errors.js';
import { RateMeter } from './pacer.js';

export interface LinkBudgetOptions {
  branchId: string;
  /** The branch's name for messages (its unit's name once the catalog came). */
  nameOf: () => string;
  budgetKbps: number;
  /** Fraction added to a stream's bitrate for its reservation (bursts at keyframes, NATS framing). */
  headroom: number;
}

export class LinkBudget {
  /** Per stream: what it was admitted with, and what it reserves now (never less than that). */
  private readonly reservations = new Map<string, { admitted: number; now: number }>();
  /** What the link carries to the center (live, playback and retrieval), measured. */
  readonly meter = new RateMeter();

  constructor(private readonly options: LinkBudgetOptions) {}

  get budgetKbps(): number {
    return this.options.budgetKbps;
  }

  get usedKbps(): number {
    let sum = 0;
    for (const reservation of this.reservations.values()) sum += reservation.now;
    return sum;
  }

  /** What live and playback leave unreserved: the room retrievals may use, for they give way first. */
  get freeKbps(): number {
    return Math.max(0, this.options.budgetKbps - this.usedKbps);
  }

  get streams(): number {
    return this.reservations.size;
  }

  /** Reserves room for a stream of `bitrateKbps`, or throws a 503 that says how full the link is. */
  admit(key: string, bitrateKbps: number): void {
    if (this.reservations.has(key)) return;
    const need = bitrateKbps * (1 + this.options.headroom);
    if (this.usedKbps + need > this.options.budgetKbps) {
      const mbit = (kbps: number) => (kbps / 1000).toFixed(1);
      throw new VigilError(
        'VIGIL_UNAVAILABLE',
        `The link to ${this.options.nameOf()} is full: ${this.streams} stream(s) use ${mbit(this.usedKbps)} of ` +
          `${mbit(this.options.budgetKbps)} Mbit/s, and this one needs ${mbit(need)}`,
        { details: { branchId: this.options.branchId, usedKbps: this.usedKbps, budgetKbps: this.budgetKbps } },
      );
    }
    this.reservations.set(key, { admitted: need, now: need });
  }

  /**
   * A running stream's reservation grows with its measured bitrate, but never drops below what it was admitted
   * with: a bitrate measured over a few seconds dips, and a stream must not make room it will need again.
   */
  update(key: string, measuredKbps: number): void {
    const reservation = this.reservations.get(key);
    if (!reservation || !(measuredKbps > 0)) return;
    reservation.now = Math.max(reservation.admitted, measuredKbps * (1 + this.options.headroom));
  }

  /** What a stream reserves now (undefined when it holds no reservation). */
  reservedKbps(key: string): number | undefined {
    return this.reservations.get(key)?.now;
  }

  release(key: string): void {
    this.reservations.delete(key);
  }
}
