// Names of report and overview rows in the console's language: the hub names units and enterprises in Chinese, the
// console's org tree knows their English names too.
import type { CreditGrade, MonthlyReport, ReportRow } from '../../../src/contracts/index.js';
import type { OrgModel } from '../org/model.js';
import { gradeLabel, localName } from '../shared/i18n.js';

/** The name of the unit or enterprise `key`, in the console's language; `fallback` when the tree has neither. */
export function localKeyName(model: OrgModel | null, key: string, fallback: string): string {
  const known = model?.unit(key) ?? model?.enterprise(key);
  return known ? localName(known) : fallback;
}

/** The report with its rows named in the console's language (grades as the console words them). */
export function localReport(report: MonthlyReport, model: OrgModel | null, provinceName: string): MonthlyReport {
  const named = <T extends ReportRow>(row: T): T => ({ ...row, name: localKeyName(model, row.key, row.name) });
  const scopeName = report.orgUnitId ? localKeyName(model, report.orgUnitId, report.scopeName) : provinceName;
  return {
    ...report,
    scopeName,
    total: { ...report.total, name: scopeName },
    byBranch: report.byBranch.map(named),
    byGrade: report.byGrade.map((row) => ({ ...row, name: gradeLabel(row.key as CreditGrade) })),
    byEnterprise: report.byEnterprise.map(named),
  };
}
