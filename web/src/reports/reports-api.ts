// The supervision figures as the console reads them: the monthly report (and its CSV and PDF addresses), the overview.
import type { MonthlyReport, Overview } from '../../../src/contracts/index.js';
import { request, required } from '../shared/api.js';
import type { Language } from '../shared/i18n.js';

/** `GET /api/reports/monthly` for `month` of a branch (null: the caller's own scope), as JSON or as a file. */
export function reportPath(
  month: string,
  orgUnitId: string | null,
  file?: { format: 'csv' | 'pdf'; lang: Language },
): string {
  const params = new URLSearchParams({ month });
  if (orgUnitId) params.set('orgUnitId', orgUnitId);
  if (file) {
    params.set('format', file.format);
    params.set('lang', file.lang);
  }
  return `/api/reports/monthly?${params.toString()}`;
}

export const reportsApi = {
  monthly: (month: string, orgUnitId: string | null): Promise<MonthlyReport> =>
    required(request<MonthlyReport>(reportPath(month, orgUnitId)), 'report'),
  overview: (): Promise<Overview> => required(request<Overview>('/api/overview'), 'overview'),
};
