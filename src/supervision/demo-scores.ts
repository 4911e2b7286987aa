// The demo's score history: from the first day of last month to yesterday, each demo camera's day against its
// enterprise's declared production, with rates that differ by enterprise (a grade-D exporter that keeps cutting
// power, around 88.7 % online) and vary from day to day, so the reports and the overview screen have months to show.
import type { CameraRecord } from '../org/index.js';
import { productionWindow, type ScoreStore } from '../reports/index.js';
import { addDays, dayStart, localDay } from '../shared/local-day.js';
import type { ProfileStore } from './profile-store.js';

/** Each demo enterprise's usual online rate, and the share of its online time that is recorded. */
const DEMO_RATES: Readonly<Record<string, { online: number; recorded: number }>> = {
  'ent-haixian': { online: 0.995, recorded: 0.99 },
  'ent-donggang-dairy': { online: 0.975, recorded: 0.97 },
  'ent-xishan-meat': { online: 0.955, recorded: 0.94 },
  'ent-lvyuan-produce': { online: 0.887, recorded: 0.9 },
};

/** A number in [0, 1) fixed by the text: the same demo every time. */
function noise(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) / 2 ** 32;
}

/** Stores the history and marks yesterday as scored; returns the camera-days stored. */
export function seedDemoScores(
  store: ScoreStore,
  profiles: ProfileStore,
  cameras: readonly CameraRecord[],
  now: number,
): number {
  const today = localDay(new Date(now));
  const first = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  let stored = 0;
  for (let day = first; day < today; day = addDays(day, 1)) {
    const scores = cameras.flatMap((camera) => {
      const rates = DEMO_RATES[camera.enterpriseId];
      if (!rates) return [];
      const window = productionWindow(profiles.declaration(camera.enterpriseId), dayStart(day));
      const production = window ? Math.round((window[1] - window[0]) / 60_000) : 0;
      // Days vary around the usual rate, by up to ±4 points, never above all of it.
      const online = Math.round(production * Math.min(1, rates.online + (noise(`${camera.id}/${day}`) - 0.5) * 0.08));
      const recorded = Math.round(
        online * 60 * Math.min(1, rates.recorded + (noise(`${day}/${camera.id}`) - 0.5) * 0.04),
      );
      const score = { day, productionMinutes: production, onlineMinutes: online, recordedSeconds: recorded };
      return [{ cameraId: camera.id, enterpriseId: camera.enterpriseId, score }];
    });
    store.storeDay({ day, untilMs: dayStart(addDays(day, 1)).getTime() }, scores, now);
    stored += scores.length;
  }
  return stored;
}
