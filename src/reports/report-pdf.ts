// The monthly report as a PDF in Chinese (or English): the scope's figures against the month before, a bar per day of
// the online rate, tables by branch, grade and enterprise (rates under the thresholds in red), and the findings.
import type { MonthlyReport, ReportFigures, ReportRow, TextLanguage } from '../contracts/index.js';
import { fieldTable, newPdf, pdfBytes, type PdfDoc } from './pdf.js';
import { FIGURE_COLUMNS, REPORT_WORDS, reportRows, STAGE_WORDS } from './report-labels.js';

const RED = '#c0392b';

/** The columns of the tables: a name, then the figures a reader compares (rates with last month's in brackets). */
const TABLE_COLUMNS = FIGURE_COLUMNS.filter(
  (column) => column.compare || /Notices issued|Overdue/.test(column.words.en),
);

const shown = (value: number | null): string => (value === null ? '—' : String(value));

function heading(doc: PdfDoc, text: string): void {
  doc.moveDown(0.8).fontSize(13).fillColor('#000').text(text, doc.page.margins.left);
  doc.moveDown(0.3);
}

/** Whether a rate is under its threshold (red in the tables). */
function under(report: MonthlyReport, figures: ReportFigures, column: (typeof FIGURE_COLUMNS)[number]): boolean {
  const value = column.cell(figures);
  if (value === null) return false;
  if (column.words === REPORT_WORDS.onlineRate) return value < report.thresholds.online * 100;
  if (column.words === REPORT_WORDS.recordingCompleteness) return value < report.thresholds.recorded * 100;
  return false;
}

function table(
  doc: PdfDoc,
  report: MonthlyReport,
  rows: ReadonlyArray<{ kind: string; name: string; row: ReportRow }>,
  language: TextLanguage,
): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const nameWidth = 170;
  const cellWidth = (width - nameWidth - 60) / TABLE_COLUMNS.length;
  const line = (cells: ReadonlyArray<{ text: string; red?: boolean }>, size: number): void => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
    const y = doc.y;
    let bottom = y;
    cells.forEach((cell, index) => {
      const x = index === 0 ? left : index === 1 ? left + 60 : left + 60 + nameWidth + (index - 2) * cellWidth;
      const cellW = index === 0 ? 60 : index === 1 ? nameWidth : cellWidth;
      doc
        .fontSize(size)
        .fillColor(cell.red ? RED : '#000')
        .text(cell.text, x, y, { width: cellW - 4 });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 3;
  };
  line(
    [
      { text: REPORT_WORDS.kind[language] },
      { text: REPORT_WORDS.name[language] },
      ...TABLE_COLUMNS.map((c) => ({ text: c.words[language] })),
    ],
    8,
  );
  for (const { kind, name, row } of rows) {
    line(
      [
        { text: kind },
        { text: name },
        ...TABLE_COLUMNS.map((column) => ({
          text: column.compare
            ? `${shown(column.cell(row.current))} (${shown(column.cell(row.previous))})`
            : shown(column.cell(row.current)),
          red: under(report, row.current, column),
        })),
      ],
      8,
    );
  }
  doc.x = left;
}

/** One bar per day of the scope's online rate, the threshold as a line. */
function dailyBars(doc: PdfDoc, report: MonthlyReport): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const height = 70;
  const top = doc.y;
  const step = width / Math.max(report.daily.length, 1);
  report.daily.forEach((day, index) => {
    const rate = day.onlineRate ?? 0;
    const bar = rate * height;
    doc
      .rect(left + index * step + 1, top + height - bar, Math.max(step - 2, 1), bar)
      .fill(day.onlineRate !== null && rate < report.thresholds.online ? RED : '#2e86de');
  });
  const threshold = top + height - report.thresholds.online * height;
  doc
    .moveTo(left, threshold)
    .lineTo(left + width, threshold)
    .dash(3, { space: 2 })
    .stroke('#555')
    .undash();
  doc.fillColor('#000');
  doc.y = top + height + 6;
}

export async function monthlyReportPdf(report: MonthlyReport, language: TextLanguage): Promise<Buffer> {
  const words = (key: keyof typeof REPORT_WORDS): string => REPORT_WORDS[key][language];
  const doc = newPdf({ title: `${words('title')} ${report.scopeName} ${report.month}`, landscape: true });
  doc.fontSize(18).text(words('title'), { align: 'center' });
  doc.moveDown(0.2).fontSize(12).text(`${report.scopeName} · ${report.month}`, { align: 'center' });
  doc.moveDown(0.6);
  const total = report.total;
  fieldTable(
    doc,
    [
      [words('scope'), report.scopeName],
      [words('month'), `${report.month}（${words('previousMonth')} ${report.previousMonth}）`],
      [words('generated'), new Date(report.generatedAt).toLocaleString(language, { hour12: false })],
      [
        words('thresholds'),
        `${words('onlineRate')} ${report.thresholds.online * 100} · ${words('recordingCompleteness')} ${report.thresholds.recorded * 100}`,
      ],
      ...FIGURE_COLUMNS.map((column): [string, string] => [
        column.words[language],
        `${shown(column.cell(total.current))}（${words('lastMonth')} ${shown(column.cell(total.previous))}）`,
      ]),
    ],
    150,
  );
  heading(doc, words('daily'));
  if (report.daily.length > 0) dailyBars(doc, report);
  else doc.fontSize(10).text(words('none'));
  doc.addPage();
  heading(doc, `${words('total')} · ${words('branch')} · ${words('grade')} · ${words('enterprise')}`);
  table(doc, report, reportRows(report, language), language);
  heading(doc, words('findings'));
  if (report.findings.length === 0) doc.fontSize(10).text(words('none'));
  for (const finding of report.findings) {
    doc
      .fontSize(9)
      .text(
        `${STAGE_WORDS[finding.stage][language]} · ${finding.text}：${words('thisMonth')} ${finding.current}，${words('lastMonth')} ${finding.previous}`,
      );
  }
  return pdfBytes(doc);
}
