// The report operations: the monthly supervision report, the overview screen's figures, a camera's day scores.
import { z } from 'zod';
import { CalendarDay, MonthlyReport, MonthlyReportQuery, Overview } from '../../contracts/index.js';
import { op, type Operation } from './operation.js';

export const REPORT_OPERATIONS: readonly Operation[] = [
  op(
    'get',
    '/api/reports/monthly',
    'reports',
    'session',
    'The monthly supervision report of the province or a branch (agency staff, in scope), as JSON, CSV or PDF',
    { query: MonthlyReportQuery, answer: MonthlyReport },
  ),
  op('get', '/api/overview', 'reports', 'session', 'The overview screen’s figures for the caller’s scope (agency)', {
    answer: Overview,
  }),
  op('get', '/api/cameras/{id}/scores', 'reports', 'session', 'A camera’s stored day scores (agency, in scope)', {
    query: z.object({ from: CalendarDay.optional(), to: CalendarDay.optional() }),
    answer: z.object({
      cameraId: z.string(),
      from: z.string(),
      to: z.string(),
      days: z.array(
        z.object({
          day: z.string(),
          productionMinutes: z.number(),
          onlineMinutes: z.number(),
          recordedSeconds: z.number(),
        }),
      ),
    }),
  }),
];
