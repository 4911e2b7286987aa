// The demo's case: one case about the first recorded demo camera's enterprise, locking its first quarter hour, so
// that the cases page, the locked space and a release have something to show from the first start.
import type { CaseRecord, CaseStore } from './case-store.js';

const QUARTER_HOUR_MS = 15 * 60_000;

export interface DemoCameras {
  list(): ReadonlyArray<{ id: string; enterpriseId: string; enabled: boolean; recordMode: 'continuous' | 'off' }>;
}

export function seedDemoCase(store: CaseStore, cameras: DemoCameras, now = Date.now()): CaseRecord | undefined {
  const camera = cameras.list().find((candidate) => candidate.enabled && candidate.recordMode === 'continuous');
  if (!camera) return undefined;
  const record = store.create(
    {
      enterpriseId: camera.enterpriseId,
      title: '演示案件：原料进厂检验记录缺失',
      summary: '巡查发现原料进厂时未见检验人员在岗，录像锁定备查。',
    },
    'demo',
  );
  // The range reaches into the future: the footage recorded in the demo's first minutes is held as it is written.
  const clip = { kind: 'clip', cameraId: camera.id, fromMs: now, toMs: now + QUARTER_HOUR_MS } as const;
  store.addItem(record.id, { ...clip, note: '演示开始后 15 分钟' }, 'demo');
  return store.lock(record.id, 'demo');
}
