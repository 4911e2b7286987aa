// A notice printed as an official document (整改通知书): number, enterprise, finding, rule, evidence, deadline, issuing
// branch and inspector, and its history; what an enterprise may not read is not in its copy.
import { fieldTable, newPdf, pdfBytes, type PdfDoc } from '../../reports/index.js';
import {
  NOTICE_ACTION_TEXTS,
  NOTICE_STATE_TEXTS,
  type NoticeEvidence,
  type NoticeView,
} from '../../contracts/index.js';

/** A time as the office reads it: local date and time to the minute. */
const localTime = (iso: string | null): string => {
  if (!iso) return '—';
  const at = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
};

function evidenceLine(item: NoticeEvidence, index: number): string {
  const n = `${index + 1}. `;
  if (item.kind === 'snapshot') {
    return `${n}取证截图 ${item.snapshotId ?? ''}（${item.cameraName ?? item.cameraId ?? ''}，画面时间 ${localTime(item.frameAt)}）\n   SHA-256 ${item.sha256 ?? '—'}`;
  }
  if (item.kind === 'interval') {
    return `${n}录像区间：${item.cameraName ?? item.cameraId ?? ''} ${localTime(item.from)} 至 ${localTime(item.to)}`;
  }
  return `${n}巡查记录 ${item.recordId ?? ''} 检查项 ${item.itemKey ?? ''}${item.text ? `：${item.text}` : ''}`;
}

function heading(doc: PdfDoc, text: string): void {
  doc.moveDown(0.8).fontSize(12).fillColor('#000').text(text);
  doc.moveDown(0.3);
}

/** The PDF of the notice as `view` shows it to its reader (an enterprise's view has no internal note). */
export async function noticePdf(view: NoticeView): Promise<Buffer> {
  const doc = newPdf({ title: `整改通知书 ${view.number}`, author: view.branchName });
  doc.fontSize(20).fillColor('#b00').text(view.branchName, { align: 'center' });
  doc.moveDown(0.3).fontSize(22).fillColor('#000').text('整改通知书', { align: 'center' });
  doc.moveDown(0.3).fontSize(11).text(view.number, { align: 'center' });
  doc.moveDown(1);
  const rows: Array<readonly [string, string]> = [
    ['被通知企业', view.enterpriseName],
    ['发现的问题', view.finding],
    ['违反的规定', view.rule],
    ['整改期限', `${localTime(view.deadline)}${view.overdue ? '（已逾期）' : ''}`],
    ['当前状态', NOTICE_STATE_TEXTS[view.state]['zh-CN']],
    ['下发机构', view.branchName],
    ['检查员', view.issuedBy ?? '—'],
    ['下发时间', localTime(view.issuedAt)],
  ];
  if (view.internalNote) rows.push(['内部备注', view.internalNote]);
  fieldTable(doc, rows);
  heading(doc, '证据');
  doc.fontSize(9);
  if (view.evidence.length === 0) doc.text('（无）');
  view.evidence.forEach((item, index) => doc.text(evidenceLine(item, index)));
  heading(doc, '处理记录');
  doc.fontSize(9);
  for (const step of view.steps) {
    const action =
      step.action === 'issue'
        ? '下发'
        : (NOTICE_ACTION_TEXTS[step.action as keyof typeof NOTICE_ACTION_TEXTS]?.['zh-CN'] ?? step.action);
    const verdict = step.verdict ? `（${step.verdict === 'rectified' ? '已整改' : '未整改'}）` : '';
    doc.text(`${localTime(step.at)}  ${step.by ?? '—'}  ${action}${verdict}${step.note ? `：${step.note}` : ''}`);
  }
  if (view.photos.length > 0) doc.text(`整改照片 ${view.photos.length} 张（SHA-256 见系统记录）`);
  doc.moveDown(2).fontSize(11).text(`${view.branchName}（盖章）`, { align: 'right' });
  doc.text(localTime(view.issuedAt).slice(0, 10), { align: 'right' });
  return pdfBytes(doc);
}
