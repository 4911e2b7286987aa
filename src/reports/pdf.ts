// PDF documents with Chinese text: pdfkit with a CJK font from the system's font packages, embedded as a subset.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { VigilError } from '../shared/errors.js';

/** CJK fonts Debian ships, in order of preference: (file, the face inside a collection). */
const CJK_FONTS: ReadonlyArray<readonly [string, string]> = [
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
];

export type PdfDoc = InstanceType<typeof PDFDocument>;

/** The first CJK font present here; a clear error naming the package to install when there is none. */
export function cjkFont(): { path: string; family: string } {
  for (const [path, family] of CJK_FONTS) if (existsSync(path)) return { path, family };
  throw new VigilError('VIGIL_UNAVAILABLE', 'No Chinese font for PDF documents: install the package fonts-wqy-zenhei', {
    details: { reason: 'no_cjk_font' },
  });
}

/** An A4 document whose text is set in the CJK font (Latin letters and digits included). */
export function newPdf(info: { title: string; author?: string; landscape?: boolean }): PdfDoc {
  const font = cjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    layout: info.landscape ? 'landscape' : 'portrait',
    margin: 56,
    info: { Title: info.title, Author: info.author ?? 'Vigil', Creator: 'Vigil' },
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  return doc;
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: PdfDoc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** A heading and a two-column table of label and value rows: the shape of every notice and report page. */
export function fieldTable(doc: PdfDoc, rows: ReadonlyArray<readonly [string, string]>, labelWidth = 110): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.fontSize(10).fillColor('#555').text(label, left, y, { width: labelWidth });
    const afterLabel = doc.y;
    doc.fillColor('#000').text(value || '—', left + labelWidth, y, { width: width - labelWidth });
    doc.y = Math.max(afterLabel, doc.y) + 4;
  }
  doc.x = left;
}
