// Reports: camera-day scores against declared production (computed, stored, rolled up), and PDF documents (notices,
// cases, monthly reports).
export { cjkFont, fieldTable, newPdf, pdfBytes, type PdfDoc } from './pdf.js';
export {
  cameraDayScore,
  onlineIntervals,
  productionWindow,
  type CameraDayScore,
  type ProductionDeclaration,
  type StatusChange,
} from './camera-day.js';
export { DayScores, type DayScoreSources } from './day-scores.js';
export { merged, overlapMs, totalMs, type Interval } from './intervals.js';
export { ScoreRollup, type RollupResult, type ScoreRollupOptions } from './score-rollup.js';
export { ScoreStore, type ScoreTotals, type ScoredThrough, type StaleMark } from './score-store.js';
export { MonthFacts, type EnterpriseMonth, type MonthSpan } from './month-facts.js';
export { MonthlyReports, monthSpan, previousMonth, type MonthlyReportSources } from './monthly-report.js';
export { monthlyReportCsv } from './report-csv.js';
export { monthlyReportPdf } from './report-pdf.js';
export { OverviewFigures, type OverviewScope, type OverviewSources } from './overview.js';
