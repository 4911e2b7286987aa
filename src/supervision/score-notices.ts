// The "restore the camera" notice: an enterprise whose cameras were online less than the threshold on each of its
// last N production days gets a rectification notice from the hub itself, once per spell (a new one only after the
// last was closed and N more days fell short). At a center, a branch's enterprises get theirs from the branch hub.
import type { ScoresConfig } from '../config/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { DomainEvent } from '../events/index.js';
import type { ScoreStore } from '../reports/index.js';
import type { NoticeService } from './notices/index.js';

const DAY_MS = 86_400_000;

export interface ScoreNoticeDeps {
  db: Db;
  store: ScoreStore;
  notices: NoticeService;
  config: Pick<ScoresConfig, 'onlineThreshold' | 'daysBelow' | 'autoNotice' | 'noticeDeadlineDays'>;
  cameraName: (cameraId: string) => string | undefined;
  branchOf: (enterpriseId: string) => string | undefined;
  publish: (event: DomainEvent) => void;
}

const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;

export class ScoreNotices {
  private readonly sql: Prepare;

  constructor(private readonly deps: ScoreNoticeDeps) {
    this.sql = cachedPrepare(deps.db);
  }

  /** Checks every enterprise scored on `day` (the newest scored day); returns the notices issued. */
  check(day: string): string[] {
    const { config, store } = this.deps;
    if (!config.autoNotice) return [];
    const issued: string[] = [];
    for (const enterpriseId of store.enterprisesOn(day)) {
      if (this.mirrored(enterpriseId)) continue;
      const days = store.recentProductionDays(enterpriseId, day, config.daysBelow);
      if (days.length < config.daysBelow) continue;
      if (!days.every((d) => d.onlineMinutes < config.onlineThreshold * d.productionMinutes)) continue;
      const oldest = days.at(-1)?.day ?? day;
      if (this.pending(enterpriseId, oldest)) continue;
      issued.push(this.issue(enterpriseId, oldest, day));
    }
    return issued;
  }

  /** An enterprise mirrored from a branch hub: that hub holds its scores first-hand and issues its notices. */
  private mirrored(enterpriseId: string): boolean {
    const row = this.sql('SELECT origin FROM enterprises WHERE id = ?').get(enterpriseId) as
      { origin: string | null } | undefined;
    return row?.origin !== null && row?.origin !== undefined;
  }

  /** An automatic notice still open, or one that already covered a day of this spell. */
  private pending(enterpriseId: string, oldest: string): boolean {
    const last = this.sql(
      `SELECT a.through_day, n.state FROM score_alerts a JOIN notices n ON n.id = a.notice_id
       WHERE a.enterprise_id = ? ORDER BY a.created_at DESC LIMIT 1`,
    ).get(enterpriseId) as { through_day: string; state: string } | undefined;
    return last !== undefined && (last.state !== 'closed' || last.through_day >= oldest);
  }

  private issue(enterpriseId: string, from: string, through: string): string {
    const { config, store, notices } = this.deps;
    const cameras = [...store.byCamera(enterpriseId, from, through)]
      .filter(([, totals]) => totals.productionMinutes > 0)
      .map(([cameraId, totals]) => ({ cameraId, ...totals }))
      .sort((a, b) => a.onlineMinutes / a.productionMinutes - b.onlineMinutes / b.productionMinutes);
    const production = cameras.reduce((sum, camera) => sum + camera.productionMinutes, 0);
    const online = cameras.reduce((sum, camera) => sum + camera.onlineMinutes, 0);
    const threshold = `${Math.round(config.onlineThreshold * 100)}%`;
    const lines = cameras
      .filter((camera) => camera.onlineMinutes < config.onlineThreshold * camera.productionMinutes)
      .map(
        (camera) =>
          `${this.deps.cameraName(camera.cameraId) ?? camera.cameraId}：在线率 ${percent(camera.onlineMinutes, camera.productionMinutes)}`,
      );
    const notice = notices.issue(
      {
        enterpriseId,
        finding:
          `${from} 至 ${through} 连续 ${config.daysBelow} 个生产日，贵单位监控摄像头在生产时段的在线率为 ` +
          `${percent(online, production)}，低于 ${threshold} 的要求。\n${lines.join('\n')}\n` +
          `请立即恢复上述摄像头的供电、网络和画面，并说明离线原因。`,
        rule: `生产时段视频监控设备应保持在线并连续录像（在线率不低于 ${threshold}）。`,
        deadline: notices.now() + config.noticeDeadlineDays * DAY_MS,
        internalNote: '系统根据每日在线率自动下发。',
      },
      { userId: null, username: 'vigil' },
    );
    this.sql(
      'INSERT INTO score_alerts (enterprise_id, notice_id, through_day, online_rate, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(enterpriseId, notice.id, through, online / production, notices.now());
    this.deps.publish({
      type: 'score.below_threshold',
      severity: 'warning',
      message: `Cameras of the enterprise were online ${percent(online, production)} of production time on ${config.daysBelow} production days in a row; notice ${notice.number} was issued`,
      orgUnitId: this.deps.branchOf(enterpriseId) ?? notice.orgUnitId,
      enterpriseId,
      data: {
        noticeId: notice.id,
        number: notice.number,
        from,
        through,
        onlineRate: online / production,
        days: config.daysBelow,
      },
    });
    return notice.id;
  }
}
