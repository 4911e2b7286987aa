// The console's calls of the notices API: JSON steps through the shared client, the answer as a multipart upload.
import type {
  NoticeIssueInput,
  NoticeList,
  NoticeReinspectInput,
  NoticeReissueInput,
  NoticeView,
} from '../../../src/contracts/index.js';
import { ApiRequestError, request, required } from '../shared/api.js';
import { language } from '../shared/i18n.js';

export interface NoticeFilter {
  state?: string;
  enterpriseId?: string;
  overdue?: boolean;
}

const step = (id: string, action: string, body: unknown) =>
  required(request<NoticeView>(`/api/notices/${id}/${action}`, { method: 'POST', body }), action);

export const noticesApi = {
  list(filter: NoticeFilter): Promise<NoticeList> {
    const query = new URLSearchParams();
    if (filter.state) query.set('state', filter.state);
    if (filter.enterpriseId) query.set('enterpriseId', filter.enterpriseId);
    if (filter.overdue) query.set('overdue', 'true');
    return required(request<NoticeList>(`/api/notices?${query.toString()}`), 'notices');
  },
  get: (id: string): Promise<NoticeView> => required(request<NoticeView>(`/api/notices/${id}`), 'notice'),
  issue: (input: NoticeIssueInput): Promise<NoticeView> =>
    required(request<NoticeView>('/api/notices', { method: 'POST', body: input }), 'issue'),
  reinspect: (id: string, input: NoticeReinspectInput) => step(id, 'reinspect', input),
  close: (id: string, note?: string) => step(id, 'close', note ? { note } : {}),
  reissue: (id: string, input: NoticeReissueInput) => step(id, 'reissue', input),
  escalate: (id: string, note: string) => step(id, 'escalate', { note }),

  /** The answer: text and photos as multipart/form-data (the one upload the hub takes). */
  async answer(id: string, text: string, photos: readonly File[]): Promise<NoticeView> {
    const form = new FormData();
    form.set('text', text);
    for (const photo of photos) form.append('photos', photo, photo.name);
    const response = await fetch(`/api/notices/${id}/answer`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-vigil-language': language() },
      body: form,
    });
    const body = (await response.json().catch(() => null)) as
      (NoticeView & { error?: { code: string; message: string; details?: unknown } }) | null;
    if (!response.ok) {
      const error = body?.error ?? { code: `HTTP_${response.status}`, message: response.statusText };
      throw new ApiRequestError(response.status, error.code, error.message, error.details);
    }
    return body as NoticeView;
  },
};
