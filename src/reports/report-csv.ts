// The monthly report as CSV for Excel: a BOM so Chinese reads right, one table of every row (total, branches, grades,
// enterprises) with this month's figures and last month's rates beside them, then the findings and the daily rates.
import type { MonthlyReport, TextLanguage } from '../contracts/index.js';
import { csvRow, CSV_BOM } from '../events/index.js';
import { FIGURE_COLUMNS, percent, REPORT_WORDS, reportRows, STAGE_WORDS } from './report-labels.js';

export function monthlyReportCsv(report: MonthlyReport, language: TextLanguage): string {
  const words = (key: keyof typeof REPORT_WORDS): string => REPORT_WORDS[key][language];
  const lastMonth = words('lastMonth');
  const lines = [
    csvRow([words('title'), report.scopeName]),
    csvRow([words('month'), report.month, words('previousMonth'), report.previousMonth]),
    csvRow([words('generated'), report.generatedAt]),
    csvRow([]),
    csvRow([
      words('kind'),
      words('name'),
      ...FIGURE_COLUMNS.flatMap((column) =>
        column.compare ? [column.words[language], `${lastMonth} ${column.words[language]}`] : [column.words[language]],
      ),
    ]),
    ...reportRows(report, language).map(({ kind, name, row }) =>
      csvRow([
        kind,
        name,
        ...FIGURE_COLUMNS.flatMap((column) =>
          column.compare ? [column.cell(row.current), column.cell(row.previous)] : [column.cell(row.current)],
        ),
      ]),
    ),
    csvRow([]),
    csvRow([words('findings')]),
    csvRow([words('stage'), words('item'), words('thisMonth'), words('lastMonth')]),
    ...report.findings.map((finding) =>
      csvRow([STAGE_WORDS[finding.stage][language], finding.text, finding.current, finding.previous]),
    ),
    csvRow([]),
    csvRow([words('daily')]),
    csvRow([words('day'), words('onlineRate'), words('recordingCompleteness')]),
    ...report.daily.map((day) => csvRow([day.day, percent(day.onlineRate), percent(day.recordingCompleteness)])),
  ];
  return CSV_BOM + lines.join('');
}
