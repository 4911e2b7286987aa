// Reports: PDF documents (notices, cases, monthly reports).
export { cjkFont, fieldTable, newPdf, pdfBytes, type PdfDoc } from './pdf.js';
