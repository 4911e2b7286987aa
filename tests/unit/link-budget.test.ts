// Admission control on a branch link: reservations, refusal with the reason, measured bitrates.
import { describe, expect, it } from 'vitest';
import { LinkBudget } from '../../src/federation/link-budget.js';
import { isVigilError } from '../../src/shared/errors.js';

const budget = () => new LinkBudget({ branchId: 'east', nameOf: () => '东分局', budgetKbps: 1600, headroom: 0.1 });

describe('link budget', () => {
  it('admits streams while they fit and refuses the next with how full the link is', () => {
    const link = budget();
    for (const key of ['a', 'b', 'c']) link.admit(key, 420);
    expect(link.streams).toBe(3);
    expect(link.usedKbps).toBeCloseTo(1386);
    let message = '';
    try {
      link.admit('d', 420);
    } catch (error) {
      if (isVigilError(error)) message = error.message;
    }
    expect(message).toBe('The link to 东分局 is full: 3 stream(s) use 1.4 of 1.6 Mbit/s, and this one needs 0.5');
    // Admitting a stream that runs already reserves nothing more.
    link.admit('a', 420);
    expect(link.streams).toBe(3);
  });

  it('follows a measured bitrate up, never below what a stream was admitted with, and frees on release', () => {
    const link = budget();
    link.admit('a', 420);
    link.update('a', 200);
    expect(link.usedKbps).toBeCloseTo(462);
    link.update('a', 600);
    expect(link.usedKbps).toBeCloseTo(660);
    link.update('a', 300);
    expect(link.usedKbps).toBeCloseTo(462);
    link.release('a');
    expect(link.usedKbps).toBe(0);
    expect(link.streams).toBe(0);
  });

  it('lets a playback use spare room up to four times its bitrate, and takes that room back for a live stream', () => {
    const link = budget();
    link.admitPlayback('p', 300);
    expect(link.reservedKbps('p')).toBe(1200);
    expect(link.freeKbps).toBe(400);
    // Live comes first: it is admitted against the playback's floor, and the playback's extra room shrinks.
    link.admit('a', 420);
    link.admit('b', 420);
    expect(link.reservedKbps('p')).toBeCloseTo(1600 - 924);
    expect(link.freeKbps).toBeCloseTo(0);
    let message = '';
    try {
      link.admit('c', 420);
    } catch (error) {
      if (isVigilError(error)) message = error.message;
    }
    expect(message).toBe('The link to 东分局 is full: 3 stream(s) use 1.2 of 1.6 Mbit/s, and this one needs 0.5');
    // A playback's floor is not taken back: a second playback that needs more than what is left is refused.
    expect(() => link.admitPlayback('q', 400)).toThrow(/is full/);
    link.release('p');
    expect(link.freeKbps).toBeCloseTo(1600 - 924);
  });
});
