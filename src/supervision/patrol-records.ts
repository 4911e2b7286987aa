// Patrol records: what an inspector saw at each point of an enterprise, with evidence snapshots and verdicts; every
// point is recorded with the status the hub saw, so an offline point is on record without anyone saying so.
import type {
  ChecklistItem,
  EvidenceSnapshot,
  PatrolPoint,
  PatrolRecord,
  PatrolRecordInput,
  ProductionStage,
  RecordedPoint,
} from '../contracts/index.js';
import { PatrolRecordInput as RecordSchema, PRODUCTION_STAGES } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { PatrolPlans } from './patrol-plans.js';

/** What a record reads of the cameras: an enterprise's cameras and their status now. */
export interface PatrolCameras {
  list(): ReadonlyArray<{ id: string; name: string; enterpriseId: string; stage: ProductionStage; enabled: boolean }>;
  statusOf(cameraId: string): string;
}

export interface SnapshotLookup {
  get(id: string): EvidenceSnapshot | undefined;
}

interface RecordRow {
  id: string;
  task_id: string | null;
  enterprise_id: string;
  inspector_name: string;
  started_at: number;
  finished_at: number;
  result: PatrolRecord['result'];
  summary: string;
  internal_note: string;
  points: string;
}

const invalid = (path: string, message: string): VigilError =>
  new VigilError('VIGIL_VALIDATION', `${path}: ${message}`, { details: [{ path, message }] });

/** A point whose camera gives no picture: offline, or failing and retrying. */
const isDown = (status: string): boolean => status === 'offline' || status === 'reconnecting';

const pointKey = (cameraId: string, presetToken: string | null): string => `${cameraId}#${presetToken ?? ''}`;

export class PatrolRecords {
  private readonly sql: Prepare;

  constructor(
    db: Db,
    private readonly plans: PatrolPlans,
    private readonly cameras: PatrolCameras,
    private readonly snapshots: SnapshotLookup,
  ) {
    this.sql = cachedPrepare(db);
  }

  /** The ids of the enterprise's enabled cameras: what its points may name. */
  ownCameras(enterpriseId: string): string[] {
    return this.enabledCameras(enterpriseId).map((camera) => camera.id);
  }

  private enabledCameras(enterpriseId: string) {
    return this.cameras.list().filter((camera) => camera.enterpriseId === enterpriseId && camera.enabled);
  }

  /**
   * The enterprise's points in patrol order, each with its stage's checklist and its camera's status now (or as
   * `statusOf` says it was, for a patrol of the past).
   */
  points(enterpriseId: string, statusOf = (cameraId: string) => this.cameras.statusOf(cameraId)): PatrolPoint[] {
    const own = this.enabledCameras(enterpriseId);
    const set = this.plans.points(enterpriseId).filter((point) => own.some((camera) => camera.id === point.cameraId));
    const points =
      set.length > 0
        ? set
        : [...own]
            // Stage by stage, in the order goods go through a plant.
            .sort((a, b) => PRODUCTION_STAGES.indexOf(a.stage) - PRODUCTION_STAGES.indexOf(b.stage))
            .map((camera) => ({ cameraId: camera.id, stage: camera.stage, presetToken: null, presetName: null }));
    return points.map((point) => ({
      ...point,
      cameraName: own.find((camera) => camera.id === point.cameraId)?.name ?? point.cameraId,
      status: statusOf(point.cameraId),
      checklist: this.plans.template(point.stage).items,
    }));
  }

  /** Checks the submission against the enterprise's points, checklists and snapshots, and stores it. */
  submit(
    raw: PatrolRecordInput,
    inspector: { userId: string; name: string },
    now = Date.now(),
    /** How each camera was when the patrol was made, for a patrol of the past (the demo's history); now's else. */
    statusOf?: (cameraId: string) => string,
  ): { record: PatrolRecord; failed: RecordedPoint[] } {
    const input = RecordSchema.parse(raw);
    const startedAt = Date.parse(input.startedAt);
    if (startedAt > now + 60_000) throw invalid('startedAt', 'must not be in the future');
    const points = this.points(input.enterpriseId, statusOf);
    if (points.length === 0) throw invalid('enterpriseId', 'the enterprise has no camera to patrol');
    const seen = new Map(
      input.points.map((point, index) => [pointKey(point.cameraId, point.presetToken), { point, index }]),
    );
    for (const [key, { index }] of seen) {
      if (!points.some((point) => pointKey(point.cameraId, point.presetToken) === key)) {
        throw invalid(`points.${index}`, 'is not a patrol point of this enterprise');
      }
    }
    const recorded = points.map((point): RecordedPoint => {
      const entry = seen.get(pointKey(point.cameraId, point.presetToken));
      const items = entry ? this.verdicts(point.checklist, entry.point.items, entry.index) : [];
      const snapshots = entry
        ? this.evidence(entry.point.snapshotIds, point.cameraId, input.enterpriseId, entry.index)
        : [];
      const { checklist: _checklist, ...where } = point;
      return { ...where, visited: entry !== undefined, snapshots, items };
    });
    const failedItems = recorded.flatMap((point) => point.items).filter((item) => item.verdict === 'fail').length;
    const offlinePoints = recorded.filter((point) => isDown(point.status)).length;
    const result: PatrolRecord['result'] =
      failedItems > 0 ? 'fail' : offlinePoints > 0 || recorded.some((point) => !point.visited) ? 'incomplete' : 'pass';
    const id = newId('pat');
    this.sql(
      `INSERT INTO patrol_records (id, task_id, enterprise_id, inspector_id, inspector_name, started_at, finished_at,
         result, summary, internal_note, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.taskId,
      input.enterpriseId,
      inspector.userId,
      inspector.name,
      startedAt,
      now,
      result,
      input.summary,
      input.internalNote,
      JSON.stringify(recorded),
    );
    const failed = recorded.filter((point) => point.items.some((item) => item.verdict === 'fail'));
    return { record: this.get(id) as PatrolRecord, failed };
  }

  /** Sets the record's task once it is known (the task store decides which task a record completes). */
  linkTask(recordId: string, taskId: string): void {
    this.sql('UPDATE patrol_records SET task_id = ? WHERE id = ?').run(taskId, recordId);
  }

  get(id: string): PatrolRecord | undefined {
    const row = this.sql('SELECT * FROM patrol_records WHERE id = ?').get(id) as RecordRow | undefined;
    return row && toRecord(row);
  }

  /** Newest first, of the given enterprises. */
  list(enterpriseIds: readonly string[], limit = 200): PatrolRecord[] {
    if (enterpriseIds.length === 0) return [];
    const rows = this.sql(
      `SELECT * FROM patrol_records WHERE enterprise_id IN (${enterpriseIds.map(() => '?').join(', ')})
         ORDER BY finished_at DESC LIMIT ?`,
    ).all(...enterpriseIds, limit) as RecordRow[];
    return rows.map(toRecord);
  }

  private verdicts(
    checklist: readonly ChecklistItem[],
    given: ReadonlyArray<{ key: string; verdict: 'pass' | 'fail' | 'na'; comment: string }>,
    index: number,
  ): RecordedPoint['items'] {
    given.forEach((item, itemIndex) => {
      if (!checklist.some((entry) => entry.key === item.key)) {
        throw invalid(`points.${index}.items.${itemIndex}.key`, `"${item.key}" is not on this stage's checklist`);
      }
    });
    return checklist.flatMap((entry) => {
      const verdict = given.find((item) => item.key === entry.key);
      return verdict ? [{ key: entry.key, text: entry.text, verdict: verdict.verdict, comment: verdict.comment }] : [];
    });
  }

  private evidence(ids: readonly string[], cameraId: string, enterpriseId: string, index: number) {
    return ids.map((id, snapshotIndex) => {
      const snapshot = this.snapshots.get(id);
      if (!snapshot || snapshot.enterpriseId !== enterpriseId || snapshot.cameraId !== cameraId) {
        throw invalid(`points.${index}.snapshotIds.${snapshotIndex}`, 'is not a snapshot of this point’s camera');
      }
      return { id, sha256: snapshot.sha256, frameAt: snapshot.frameAt, url: snapshot.url };
    });
  }
}

function toRecord(row: RecordRow): PatrolRecord {
  const points = JSON.parse(row.points) as RecordedPoint[];
  return {
    id: row.id,
    taskId: row.task_id,
    enterpriseId: row.enterprise_id,
    enterpriseName: '',
    inspector: row.inspector_name,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: new Date(row.finished_at).toISOString(),
    result: row.result,
    failedItems: points.flatMap((point) => point.items).filter((item) => item.verdict === 'fail').length,
    offlinePoints: points.filter((point) => isDown(point.status)).length,
    summary: row.summary,
    internalNote: row.internal_note,
    points,
  };
}
