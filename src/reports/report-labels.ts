// The words of the monthly report's files (CSV and PDF) in Chinese and English: the columns, the kinds of row, the
// stages; and the one way a rate is written in them.
import type { ProductionStage, ReportFigures, ReportRow, TextLanguage } from '../contracts/index.js';

type Words = Readonly<Record<TextLanguage, string>>;
const w = (zh: string, en: string): Words => ({ 'zh-CN': zh, en });

export const REPORT_WORDS = {
  title: w('视频监管月度报告', 'Monthly video supervision report'),
  month: w('月份', 'Month'),
  previousMonth: w('对比月份', 'Compared with'),
  scope: w('范围', 'Scope'),
  generated: w('生成时间', 'Generated'),
  thresholds: w('达标线', 'Thresholds'),
  kind: w('类别', 'Kind'),
  name: w('名称', 'Name'),
  total: w('合计', 'Total'),
  branch: w('分支机构', 'Branch'),
  grade: w('信用等级', 'Grade'),
  enterprise: w('企业', 'Enterprise'),
  findings: w('巡查发现的问题（按环节和检查项）', 'Patrol findings by stage and checklist item'),
  stage: w('环节', 'Stage'),
  item: w('检查项', 'Item'),
  thisMonth: w('本月', 'This month'),
  lastMonth: w('上月', 'Last month'),
  daily: w('每日在线率和录像完整率', 'Online rate and recording completeness by day'),
  day: w('日期', 'Day'),
  onlineRate: w('在线率(%)', 'Online rate (%)'),
  recordingCompleteness: w('录像完整率(%)', 'Recording completeness (%)'),
  none: w('无', 'none'),
} as const;

/** Columns of a figures row: the header and the cell of this month (and of the month before, for rates). */
export const FIGURE_COLUMNS: ReadonlyArray<{
  words: Words;
  cell: (figures: ReportFigures) => number | null;
  /** Shown with last month's value beside it. */
  compare?: true;
  /** One of the few columns a printed table has room for (with every compared one). */
  printed?: true;
}> = [
  { words: w('企业数', 'Enterprises'), cell: (f) => f.enterprises },
  { words: w('摄像头数', 'Cameras'), cell: (f) => f.cameras },
  { words: REPORT_WORDS.onlineRate, cell: (f) => percent(f.onlineRate), compare: true },
  {
    words: REPORT_WORDS.recordingCompleteness,
    cell: (f) => percent(f.recordingCompleteness),
    compare: true,
  },
  { words: w('计划巡查', 'Patrols planned'), cell: (f) => f.patrolsPlanned },
  { words: w('完成巡查', 'Patrols done'), cell: (f) => f.patrolsDone },
  { words: w('巡查完成率(%)', 'Patrol completion (%)'), cell: (f) => percent(f.patrolCompletion), compare: true },
  { words: w('发现问题', 'Findings'), cell: (f) => f.findings },
  { words: w('下发通知', 'Notices issued'), cell: (f) => f.noticesIssued, printed: true },
  { words: w('已结案', 'Closed'), cell: (f) => f.noticesClosed },
  { words: w('按期整改', 'Closed on time'), cell: (f) => f.noticesClosedOnTime },
  { words: w('逾期', 'Overdue'), cell: (f) => f.noticesOverdue, printed: true },
  { words: w('整改率(%)', 'Rectification rate (%)'), cell: (f) => percent(f.rectificationRate), compare: true },
  { words: w('画面异常', 'Image incidents'), cell: (f) => f.imageIncidents, compare: true },
];

export const STAGE_WORDS: Readonly<Record<ProductionStage, Words>> = {
  raw_material_intake: w('原料进厂', 'Raw-material intake'),
  processing: w('加工生产', 'Processing'),
  staff_entrance: w('人员通道', 'Staff entrance'),
  product_testing: w('产品检验', 'Product testing'),
  packaging: w('包装', 'Packaging'),
  storage: w('仓储', 'Storage'),
  other: w('其他', 'Other'),
};

/** A rate as a percentage to one decimal, or nothing where nothing counted. */
export function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** The report's rows in file order, each with the word of its kind: total, branches, grades, enterprises. */
export function reportRows(
  report: { total: ReportRow; byBranch: ReportRow[]; byGrade: ReportRow[]; byEnterprise: ReportRow[] },
  language: TextLanguage,
): Array<{ kind: string; name: string; row: ReportRow }> {
  const words = REPORT_WORDS;
  return [
    { kind: words.total[language], name: report.total.name, row: report.total },
    ...report.byBranch.map((row) => ({ kind: words.branch[language], name: row.name, row })),
    ...report.byGrade.map((row) => ({ kind: words.grade[language], name: `${row.key}`, row })),
    ...report.byEnterprise.map((row) => ({ kind: words.enterprise[language], name: row.name, row })),
  ];
}
