// The daily image check on a real database and a clock of the test's: due from dailyAt, once a day per camera (a round
// cut short goes on where it stopped), at most `concurrency` cameras at once; problems and recoveries as events.
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { ImageHealthConfig } from '../../src/config/index.js';
import { openDatabase, type Db } from '../../src/db/index.js';
import type { DomainEvent } from '../../src/events/index.js';
import { ImageCheckStore, ImageHealth, type CheckedCamera } from '../../src/image-health/index.js';
import { tempDir } from '../support/temp-dir.js';

const W = 320;
const H = 180;
/** A picture with edges everywhere (a checkerboard), or one flat dark tone. */
const picture = (kind: 'scene' | 'black'): Promise<Buffer> => {
  const pixels = Buffer.alloc(W * H);
  for (let i = 0; i < pixels.length; i += 1) {
    const x = i % W;
    const y = Math.floor(i / W);
    pixels[i] = kind === 'black' ? 3 : (x >> 4) % 2 === (y >> 4) % 2 ? 220 : 40;
  }
  return sharp(pixels, { raw: { width: W, height: H, channels: 1 } })
    .jpeg()
    .toBuffer();
};

/** 10:30 local time on a day of March 2026. */
const morning = (date: number, hours = 10, minutes = 30): number => new Date(2026, 2, date, hours, minutes).getTime();

describe('daily image check', () => {
  let db: Db;
  let now: number;
  let events: DomainEvent[];
  let inFlight: number;
  let mostInFlight: number;
  let pictures: Map<string, 'scene' | 'black' | 'none'>;
  let cameras: CheckedCamera[];

  const service = (concurrency: number): ImageHealth =>
    new ImageHealth({
      store: new ImageCheckStore(db),
      config: ImageHealthConfig.parse({ dailyAt: '09:00', concurrency }),
      dataDir: tempDir(),
      cameras: { list: () => cameras, get: (id) => cameras.find((camera) => camera.id === id) },
      publish: (event) => events.push(event),
      now: () => now,
      stills: async (cameraId) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          const kind = pictures.get(cameraId) ?? 'scene';
          return kind === 'none' ? undefined : { jpeg: await picture(kind) };
        } finally {
          inFlight -= 1;
        }
      },
    });
  const verdicts = (): Record<string, string> =>
    Object.fromEntries(new ImageCheckStore(db).latestOfAll().map((check) => [check.cameraId, check.verdict]));

  beforeEach(() => {
    db = openDatabase(join(tempDir(), 'vigil.db'));
    events = [];
    inFlight = 0;
    mostInFlight = 0;
    pictures = new Map([
      ['cam-2', 'black'],
      ['cam-3', 'none'],
    ]);
    cameras = Array.from({ length: 6 }, (_, i) => ({ id: `cam-${i + 1}`, name: `Camera ${i + 1}`, enabled: i !== 5 }));
  });

  it('checks every enabled camera once from dailyAt on, two at a time at most, and not again that day', async () => {
    const health = service(2);
    now = morning(2, 8, 59);
    expect(await health.runDueChecks()).toBe(0);
    now = morning(2);
    expect(await health.runDueChecks()).toBe(5);
    expect(mostInFlight).toBe(2);
    expect(verdicts()).toEqual({
      'cam-1': 'ok',
      'cam-2': 'black',
      'cam-3': 'unavailable',
      'cam-4': 'ok',
      'cam-5': 'ok',
    });
    expect(events.map((event) => `${event.type} ${event.cameraId}`)).toEqual(['camera.image.black cam-2']);
    expect(events[0]).toMatchObject({ severity: 'warning', data: { trigger: 'daily', metrics: { mean: 3 } } });
    now = morning(2, 23);
    expect(await health.runDueChecks()).toBe(0);
  });

  it('checks later that day only the cameras the round left out, flags a problem daily, says once it is back', async () => {
    now = morning(3);
    cameras[3] = { id: 'cam-4', name: 'Camera 4', enabled: false };
    expect(await service(1).runDueChecks()).toBe(4);
    // A camera enabled since (or a round a restart cut short): a new hub checks what is left of the day's round.
    cameras[3] = { id: 'cam-4', name: 'Camera 4', enabled: true };
    const health = service(1);
    expect(await health.runDueChecks()).toBe(1);
    expect(mostInFlight).toBe(1);
    now = morning(4);
    expect(await health.runDueChecks()).toBe(5);
    pictures.set('cam-2', 'scene');
    now = morning(5);
    await health.runDueChecks();
    await health.check('cam-2', 'on_demand');
    expect(events.map((event) => `${event.type} ${event.cameraId}`)).toEqual([
      'camera.image.black cam-2',
      'camera.image.black cam-2',
      'camera.image.ok cam-2',
    ]);
    expect(events.at(-1)).toMatchObject({ severity: 'info' });
  });

  it('does not count a camera without a picture as back to ok, nor as a problem', async () => {
    const health = service(1);
    now = morning(6);
    await health.check('cam-3', 'on_demand');
    pictures.set('cam-3', 'scene');
    await health.check('cam-3', 'on_demand');
    expect(events).toEqual([]);
  });
});
