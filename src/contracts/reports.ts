// Wire types of supervision figures: the monthly report (`GET /api/reports/monthly`) and the center's overview screen
// (`GET /api/overview`, then `overview:update` over socket.io). Rates are fractions 0–1, null where nothing counted.
import { z } from 'zod';
import { EventItem } from './events.js';
import { CreditGrade, ProductionStage } from './org.js';

/** A month, `YYYY-MM`. */
export const ReportMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

/** `GET /api/reports/monthly?month=2026-11&orgUnitId=…&format=json|csv|pdf` */
export const MonthlyReportQuery = z.strictObject({
  month: ReportMonth,
  orgUnitId: z.string().min(1).max(100).optional(),
  format: z.enum(['json', 'csv', 'pdf']).default('json'),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuery>;

/** The figures of one scope (the whole report, a branch, a grade, an enterprise) over one month. */
export const ReportFigures = z.object({
  enterprises: z.number(),
  cameras: z.number(),
  productionMinutes: z.number(),
  onlineMinutes: z.number(),
  recordedSeconds: z.number(),
  /** Online minutes over production minutes. */
  onlineRate: z.number().nullable(),
  /** Recorded seconds over production seconds. */
  recordingCompleteness: z.number().nullable(),
  /** Patrol tasks due in the month, and those of them done. */
  patrolsPlanned: z.number(),
  patrolsDone: z.number(),
  patrolCompletion: z.number().nullable(),
  /** Patrol records finished in the month, and the checklist items they failed. */
  patrolRecords: z.number(),
  findings: z.number(),
  /** Notices issued in the month; of them: closed (by now), closed by their deadline, not closed by a deadline past. */
  noticesIssued: z.number(),
  noticesClosed: z.number(),
  noticesClosedOnTime: z.number(),
  noticesOverdue: z.number(),
  /** Closed by the deadline over issued. */
  rectificationRate: z.number().nullable(),
  /** Image-health checks in the month that found a black, blurred, covered or shifted picture. */
  imageIncidents: z.number(),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

export const ReportRow = z.object({
  /** The branch, grade or enterprise id; `total` for the whole report. */
  key: z.string(),
  name: z.string(),
  current: ReportFigures,
  previous: ReportFigures,
});
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportEnterpriseRow = ReportRow.extend({ orgUnitId: z.string(), grade: CreditGrade });
export type ReportEnterpriseRow = z.infer<typeof ReportEnterpriseRow>;

/** Failed checklist items by stage and item, this month and the month before. */
export const ReportFinding = z.object({
  stage: ProductionStage,
  item: z.string(),
  text: z.string(),
  current: z.number(),
  previous: z.number(),
});
export type ReportFinding = z.infer<typeof ReportFinding>;

export const MonthlyReport = z.object({
  month: z.string(),
  previousMonth: z.string(),
  /** The branch reported on; null: the province. */
  orgUnitId: z.string().nullable(),
  scopeName: z.string(),
  generatedAt: z.string(),
  thresholds: z.object({ online: z.number(), recorded: z.number() }),
  total: ReportRow,
  /** The province's branches (empty in a branch's report). */
  byBranch: z.array(ReportRow),
  byGrade: z.array(ReportRow),
  byEnterprise: z.array(ReportEnterpriseRow),
  findings: z.array(ReportFinding),
  /** The scope's online rate and recording completeness day by day, for the chart. */
  daily: z.array(
    z.object({ day: z.string(), onlineRate: z.number().nullable(), recordingCompleteness: z.number().nullable() }),
  ),
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

/** One row of the overview screen: a branch (at the center) or an enterprise (at a branch), or the whole scope. */
export const OverviewRow = z.object({
  key: z.string(),
  name: z.string(),
  camerasTotal: z.number(),
  /** Cameras whose main stream is online right now. */
  camerasOnline: z.number(),
  /** This month so far (scored days), against declared production. */
  onlineRate: z.number().nullable(),
  recordingCompleteness: z.number().nullable(),
  noticesOpen: z.number(),
  noticesOverdue: z.number(),
  /** Patrol tasks due this week (Monday on), and those of them done. */
  patrolsPlannedWeek: z.number(),
  patrolsDoneWeek: z.number(),
  /** Cameras whose latest image-health check is not ok. */
  imageIncidents: z.number(),
});
export type OverviewRow = z.infer<typeof OverviewRow>;

export const Overview = z.object({
  generatedAt: z.string(),
  scopeName: z.string(),
  /** What the rows are: the province's branches, or a branch's enterprises. */
  rowKind: z.enum(['branch', 'enterprise']),
  /** Rates under these are shown as needing attention. */
  thresholds: z.object({ online: z.number(), recorded: z.number() }),
  total: OverviewRow,
  rows: z.array(OverviewRow),
  /** Cameras whose latest image-health check found a problem, newest first. */
  imageIncidents: z.array(
    z.object({
      cameraId: z.string(),
      cameraName: z.string(),
      enterpriseName: z.string(),
      verdict: z.string(),
      at: z.string(),
    }),
  ),
  /** Recent warnings and errors of the scope, newest first (the event log's shape). */
  alarms: z.array(EventItem),
  /** Enabled cameras of grade C and D enterprises, for the live carousel. */
  carousel: z.array(
    z.object({
      cameraId: z.string(),
      cameraName: z.string(),
      enterpriseId: z.string(),
      enterpriseName: z.string(),
      grade: CreditGrade,
    }),
  ),
});
export type Overview = z.infer<typeof Overview>;
