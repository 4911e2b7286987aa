// Camera-day scores on a real database: a known outage and a known recording gap inside and outside the declared
// production hours, to the minute; a closure day and a weekend day count no production; a hub restart ends what was
// known of the status.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import { DayScores, type ProductionDeclaration } from '../../src/reports/index.js';
import { tempDir } from '../support/temp-dir.js';

/** A Monday (local time), and a clock time on it. */
const MONDAY = new Date(2026, 2, 2);
const at = (hours: number, minutes = 0, day = MONDAY): number => {
  const time = new Date(day);
  time.setHours(hours, minutes, 0, 0);
  return time.getTime();
};

describe('camera-day scores', () => {
  let db: Db;
  let declaration: ProductionDeclaration;
  let scores: DayScores;

  const status = (when: number, type: string, stream = 'main', origin: string | null = null): void => {
    db.prepare(
      `INSERT INTO events (at, type, severity, camera_id, message, data, origin) VALUES (?, ?, 'info', ?, '', ?, ?)`,
    ).run(when, type, type.startsWith('camera.') ? 'cam-a' : null, JSON.stringify({ stream }), origin);
  };
  const recorded = (from: number, to: number): void => {
    db.prepare(
      `INSERT INTO recordings (camera_id, stream, start_ms, end_ms, bytes, path, state) VALUES ('cam-a', 'main', ?, ?, 1, ?, 'closed')`,
    ).run(from, to, `recordings/${from}.mp4`);
  };

  beforeEach(() => {
    db = openDatabase(join(tempDir(), 'vigil.db'));
    declaration = {
      productionWeekdays: [1, 2, 3, 4, 5],
      productionStart: '08:00',
      productionEnd: '17:00',
      closures: new Set(),
    };
    scores = new DayScores(db, { enterpriseOf: () => 'ent-a', declarationOf: () => declaration });
  });

  it('counts a 45-minute outage and a 20-minute recording gap inside production, and not those outside', () => {
    status(at(7), 'camera.online');
    status(at(10), 'camera.offline');
    status(at(10, 45), 'camera.online');
    // The sub stream's changes are not the camera's picture of record.
    status(at(11), 'camera.offline', 'sub');
    status(at(18), 'camera.reconnecting'); // after production: not counted
    status(at(18, 30), 'camera.online');
    recorded(at(7), at(12));
    recorded(at(12, 20), at(20));
    recorded(at(21), at(23)); // a gap 20:00–21:00 after production
    expect(scores.score('cam-a', MONDAY)).toEqual({
      day: '2026-03-02',
      productionMinutes: 540,
      onlineMinutes: 495,
      recordedSeconds: (540 - 20) * 60,
    });
  });

  it('carries the status from before the day, and a hub restart ends it until the camera reports again', () => {
    status(at(20, 0, new Date(2026, 2, 1)), 'camera.online'); // Sunday evening: online overnight
    status(at(9), 'hub.started'); // unknown from 09:00 …
    status(at(9, 2), 'camera.online'); // … until the camera is online again at 09:02
    status(at(16, 30), 'camera.offline');
    expect(scores.score('cam-a', MONDAY)?.onlineMinutes).toBe(60 + (16 * 60 + 30 - (9 * 60 + 2)));
  });

  it('at a center, a branch hub’s restart ends what was known of that branch’s cameras only', () => {
    status(at(7), 'camera.online');
    status(at(9), 'hub.started', 'main', 'branch-east'); // mirrored from a branch: not this camera's hub
    expect(scores.score('cam-a', MONDAY)?.onlineMinutes).toBe(540);
    // The same camera mirrored from that branch: its hub restarted at 09:00, and it did not report again.
    scores = new DayScores(db, {
      enterpriseOf: () => 'ent-a',
      originOf: () => 'branch-east',
      declarationOf: () => declaration,
    });
    expect(scores.score('cam-a', MONDAY)?.onlineMinutes).toBe(60);
  });

  it('counts no production on a declared closure or a day off', () => {
    status(at(7), 'camera.online');
    recorded(at(7), at(20));
    declaration = { ...declaration, closures: new Set(['2026-03-02']) };
    expect(scores.score('cam-a', MONDAY)).toMatchObject({ productionMinutes: 0, onlineMinutes: 0, recordedSeconds: 0 });
    const saturday = new Date(2026, 2, 7);
    expect(scores.score('cam-a', saturday)).toMatchObject({ day: '2026-03-07', productionMinutes: 0 });
  });
});
