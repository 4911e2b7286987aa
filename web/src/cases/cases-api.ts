// The cases API as the console calls it: list, open, read, add a clip, remove an item, lock, release, export.
import type { CaseDetail, CaseExportJob, CaseInput, CaseItemInput, CaseList } from '../../../src/contracts/index.js';
import { request, required } from '../shared/api.js';

const casePath = (id: string, suffix = ''): string => `/api/cases/${encodeURIComponent(id)}${suffix}`;

export const casesApi = {
  list: (): Promise<CaseList> => required(request<CaseList>('/api/cases'), 'cases'),
  open: (input: CaseInput): Promise<CaseDetail> =>
    required(request<CaseDetail>('/api/cases', { method: 'POST', body: input }), 'case'),
  get: (id: string): Promise<CaseDetail> => required(request<CaseDetail>(casePath(id)), 'case'),
  addItem: (id: string, item: CaseItemInput): Promise<unknown> =>
    request(casePath(id, '/items'), { method: 'POST', body: item }),
  removeItem: (id: string, itemId: string): Promise<unknown> =>
    request(casePath(id, `/items/${encodeURIComponent(itemId)}`), { method: 'DELETE' }),
  lock: (id: string): Promise<CaseDetail> =>
    required(request<CaseDetail>(casePath(id, '/lock'), { method: 'POST' }), 'lock'),
  release: (id: string, reason: string): Promise<CaseDetail> =>
    required(request<CaseDetail>(casePath(id, '/release'), { method: 'POST', body: { reason } }), 'release'),
  exportCase: (id: string): Promise<CaseExportJob> =>
    required(request<CaseExportJob>(casePath(id, '/export'), { method: 'POST' }), 'export'),
  exportJob: (id: string, exportId: string): Promise<CaseExportJob> =>
    required(request<CaseExportJob>(casePath(id, `/exports/${encodeURIComponent(exportId)}`)), 'export'),
};

/** Bytes as the console shows sizes: MB below a gigabyte, GB above. */
export const sizeText = (bytes: number): string =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;

export const timeText = (at: string | number | null): string =>
  at === null ? '—' : new Date(at).toLocaleString(undefined, { hour12: false });
