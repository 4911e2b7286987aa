// The case report (report.pdf of an export): the case, its findings, a timeline of its items, the notices' history
// and the SHA-256 of every file the folder holds beside it, in Chinese with English.
import type { CaseDetail, CaseItem } from '../contracts/index.js';
import { fieldTable, newPdf, pdfBytes, type PdfDoc } from '../reports/index.js';
import type { CaseNotice } from './case-views.js';

export interface CaseReportInput {
  detail: CaseDetail;
  exportId: string;
  exportedAt: number;
  exportedBy: string | null;
  /** The notices the case names, as the notices module gave them (none without it). */
  notices: readonly CaseNotice[];
  /** Whether notices could be looked up on this hub at all. */
  noticesAvailable: boolean;
  /** Every exported file but the report and the manifest, with its hash. */
  files: ReadonlyArray<{ path: string; bytes: number; sha256: string; itemId: string | null }>;
}

const KIND_WORDS: Record<CaseItem['kind'], string> = {
  clip: '录像片段 clip',
  snapshot: '取证截图 snapshot',
  notice: '整改通知 notice',
  photo: '整改照片 photo',
};
const STATE_WORDS: Record<CaseDetail['state'], string> = {
  open: '办理中 open',
  locked: '已锁定 locked',
  released: '已解除锁定 released',
  closed: '已结案 closed',
};

/** Local wall-clock time of the hub, to the second. */
const at = (ms: number | string | null): string =>
  ms === null ? '—' : new Date(ms).toLocaleString('zh-CN', { hour12: false });

/** When an item happened, for the timeline: a clip's start, a snapshot's frame, else when it was added. */
function itemTime(item: CaseItem): number {
  if (item.fromMs !== null) return item.fromMs;
  if (item.kind === 'snapshot' && item.label) return Date.parse(item.label);
  return Date.parse(item.addedAt);
}

function heading(doc: PdfDoc, text: string): void {
  doc.moveDown(0.8).fontSize(13).fillColor('#000').text(text);
  doc.moveDown(0.3);
}

export async function caseReportPdf(input: CaseReportInput): Promise<Buffer> {
  const { detail } = input;
  const doc = newPdf({ title: `案件报告 ${detail.title}`, author: input.exportedBy ?? undefined });
  doc.fontSize(18).text(`案件报告 Case report`, { align: 'center' });
  doc.moveDown(0.2).fontSize(12).text(detail.title, { align: 'center' });
  doc.moveDown(0.8);
  fieldTable(doc, [
    ['案件编号 Case', detail.id],
    ['企业 Enterprise', `${detail.enterpriseName} (${detail.enterpriseId})`],
    ['状态 State', STATE_WORDS[detail.state]],
    ['立案 Opened', `${at(detail.createdAt)} ${detail.createdBy ?? ''}`],
    ['锁定 Locked', detail.lockedAt ? `${at(detail.lockedAt)} ${detail.lockedBy ?? ''}` : '—'],
    [
      '解除锁定 Released',
      detail.releasedAt ? `${at(detail.releasedAt)} ${detail.releasedBy ?? ''}：${detail.releaseReason ?? ''}` : '—',
    ],
    ['导出 Export', `${input.exportId} ${at(input.exportedAt)} ${input.exportedBy ?? ''}`],
  ]);

  heading(doc, '调查结论 Findings');
  doc.fontSize(10).text(detail.summary || '—');

  heading(doc, '时间线 Timeline');
  const timeline = [...detail.items].sort((a, b) => itemTime(a) - itemTime(b));
  if (timeline.length === 0) doc.fontSize(10).text('—');
  for (const item of timeline) {
    const range =
      item.fromMs !== null && item.toMs !== null ? `${at(item.fromMs)} – ${at(item.toMs)}` : at(itemTime(item));
    const what = [KIND_WORDS[item.kind], item.cameraName ?? item.cameraId ?? '', item.label ?? item.refId ?? '']
      .filter(Boolean)
      .join(' · ');
    doc.fontSize(10).text(`${range}  ${what}${item.missing ? '（缺失 missing）' : ''}`);
    if (item.note) doc.fontSize(9).fillColor('#555').text(`    ${item.note}`).fillColor('#000');
  }

  heading(doc, '整改通知记录 Notice history');
  if (!input.noticesAvailable) doc.fontSize(10).text('本平台未接入整改通知数据 Notices are not available on this hub.');
  else if (input.notices.length === 0) doc.fontSize(10).text('—');
  for (const notice of input.notices) {
    doc.fontSize(10).text(`${notice.number}  ${notice.state}`);
    for (const step of notice.history) doc.fontSize(9).text(`    ${at(step.at)}  ${step.what}  ${step.by ?? ''}`);
  }

  heading(doc, '文件与 SHA-256 Files and hashes');
  doc.fontSize(9).text('manifest.sha256 lists every file of the folder; verify with: sha256sum -c manifest.sha256');
  doc.moveDown(0.3);
  // Each hash on a line of its own, whole, so that it can be read (and copied) back from the PDF.
  for (const file of input.files) {
    doc.fontSize(9).fillColor('#000').text(`${file.path}  (${file.bytes} bytes)`);
    doc.fontSize(8).fillColor('#333').text(file.sha256).fillColor('#000');
  }
  return pdfBytes(doc);
}
