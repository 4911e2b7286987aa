// The patrol API as the console calls it: tasks, points, evidence snapshots, records and plans.
import type {
  CameraSummary,
  EvidenceSnapshot,
  PatrolPlan,
  PatrolPlanInput,
  PatrolPoint,
  PatrolRecord,
  PatrolRecordInput,
  PatrolTask,
} from '../../../src/contracts/index.js';
import { request, required } from '../shared/api.js';
import { language } from '../shared/i18n.js';

const id = encodeURIComponent;

export const patrolApi = {
  tasks: async (query: URLSearchParams): Promise<PatrolTask[]> =>
    (await required(request<{ tasks: PatrolTask[] }>(`/api/patrol/tasks?${query.toString()}`), 'tasks')).tasks,
  points: async (enterpriseId: string): Promise<PatrolPoint[]> =>
    (await required(request<{ points: PatrolPoint[] }>(`/api/patrol/enterprises/${id(enterpriseId)}/points`), 'points'))
      .points,
  camera: (cameraId: string): Promise<CameraSummary> =>
    required(request<CameraSummary>(`/api/cameras/${id(cameraId)}`), 'camera'),
  snapshot: (cameraId: string): Promise<EvidenceSnapshot> =>
    required(
      request<EvidenceSnapshot>(`/api/cameras/${id(cameraId)}/evidence-snapshots`, { method: 'POST' }),
      'snapshot',
    ),
  submit: (body: PatrolRecordInput): Promise<PatrolRecord> =>
    required(request<PatrolRecord>('/api/patrol/records', { method: 'POST', body }), 'record'),
  records: async (): Promise<PatrolRecord[]> =>
    (await required(request<{ records: PatrolRecord[] }>('/api/patrol/records'), 'records')).records,
  plans: async (): Promise<PatrolPlan[]> =>
    (await required(request<{ plans: PatrolPlan[] }>('/api/patrol/plans'), 'plans')).plans,
  savePlan: (body: PatrolPlanInput): Promise<PatrolPlan> =>
    required(request<PatrolPlan>('/api/patrol/plans', { method: 'POST', body }), 'plan'),
};

/** A time as the console shows it: local, 24 h, to the minute (or second), in the console's language. */
export const shortTime = (iso: string, seconds = false): string =>
  new Date(iso).toLocaleString(language(), {
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });
