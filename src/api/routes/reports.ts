// Supervision figures: the monthly report (JSON, CSV, PDF) of the province or a branch, the overview screen's figures,
// and a camera's stored day scores; the agency's staff only, each in its own scope.
import { Router } from 'express';
import { CalendarDay, MonthlyReportQuery } from '../../contracts/index.js';
import type { CameraStore, OrgStore } from '../../org/index.js';
import {
  monthlyReportCsv,
  monthlyReportPdf,
  type MonthlyReports,
  type OverviewFigures,
  type ScoreStore,
} from '../../reports/index.js';
import { addDays, localDay } from '../../shared/local-day.js';
import { VigilError } from '../../shared/errors.js';
import { requireAgency } from '../auth.js';
import { cameraFor } from '../camera-door.js';

type AgencyScope = ReturnType<typeof requireAgency>['scope'];

export interface ReportRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  reports: { monthly: MonthlyReports; overview: OverviewFigures };
  scores: { store: ScoreStore };
}

/** Days of scores one request may ask for. */
const MAX_SCORE_DAYS = 400;

export function reportRoutes({ org, cameras, reports, scores }: ReportRoutesDeps): Router {
  const router = Router();

  /** The branch reported on: a center user's choice (none: the province); a branch user's own (another: `404`). */
  const reportedUnit = (scope: AgencyScope, asked: string | undefined): string | null => {
    if (scope.kind === 'branch') {
      if (asked !== undefined && asked !== scope.orgUnitId) throw new VigilError('VIGIL_NOT_FOUND', 'No such branch');
      return scope.orgUnitId;
    }
    if (asked === undefined) return null;
    if (org.getUnit(asked)?.kind !== 'branch') throw new VigilError('VIGIL_NOT_FOUND', 'No such branch');
    return asked;
  };

  router.get('/reports/monthly', async (req, res) => {
    const { scope } = requireAgency(req);
    const query = MonthlyReportQuery.parse(req.query);
    const report = reports.monthly.report(query.month, reportedUnit(scope, query.orgUnitId));
    const name = `vigil-report-${report.orgUnitId ?? 'province'}-${report.month}`;
    if (query.format === 'json') {
      res.json(report);
      return;
    }
    const csv = query.format === 'csv';
    res.set({
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/pdf',
      'Content-Disposition': `attachment; filename="${name}.${query.format}"`,
    });
    res.send(csv ? monthlyReportCsv(report, query.lang) : await monthlyReportPdf(report, query.lang));
  });

  router.get('/overview', (req, res) => {
    res.json(reports.overview.of(requireAgency(req).scope));
  });

  router.get('/cameras/:id/scores', (req, res) => {
    requireAgency(req);
    const camera = cameraFor(req, cameras, String(req.params.id), 'see', 'resource');
    const today = localDay(new Date());
    const to = req.query.to === undefined ? today : CalendarDay.parse(req.query.to);
    const from = req.query.from === undefined ? addDays(to, -30) : CalendarDay.parse(req.query.from);
    if (from > to || addDays(from, MAX_SCORE_DAYS) < to)
      throw new VigilError('VIGIL_VALIDATION', `"from" must be before "to", at most ${MAX_SCORE_DAYS} days apart`);
    res.json({ cameraId: camera.id, from, to, days: scores.store.cameraDays(camera.id, from, to) });
  });

  return router;
}
