// Events as CSV for spreadsheets: RFC 4180 quoting, a BOM so Excel reads UTF-8 Chinese, no cell read as a formula.
import { eventText, type EventItem, type TextLanguage } from '../contracts/index.js';

/** Excel opens a CSV as the local code page unless it starts with the UTF-8 byte order mark. */
export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';

/** Names of the things an event refers to, in the language of the file. */
export interface CsvNames {
  unit(id: string): string | undefined;
  enterprise(id: string): string | undefined;
  camera(id: string): string | undefined;
}

/** The language of a file: its header and its events' texts. */
export type CsvLanguage = TextLanguage;

const HEADERS: Record<CsvLanguage, string[]> = {
  'zh-CN': ['编号', '时间', '级别', '类型', '内容', '机构', '企业', '监控点', '监控点编号', '用户', 'IP', '详情'],
  en: [
    'ID',
    'Time',
    'Severity',
    'Type',
    'Message',
    'Org unit',
    'Enterprise',
    'Camera',
    'Camera ID',
    'User',
    'IP',
    'Data',
  ],
};

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) starts with an apostrophe instead. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map(csvCell).join(',') + CRLF;
}

export function csvHeader(language: CsvLanguage): string {
  return CSV_BOM + csvRow(HEADERS[language]);
}

export function csvEventRow(event: EventItem, names: CsvNames, language: CsvLanguage): string {
  const named = (id: string | null, lookup: (id: string) => string | undefined): string | null =>
    id === null ? null : (lookup(id) ?? id);
  return csvRow([
    event.id,
    event.at,
    event.severity,
    event.type,
    eventText(event, language, names),
    named(event.orgUnitId, names.unit),
    named(event.enterpriseId, names.enterprise),
    named(event.cameraId, names.camera),
    event.cameraId,
    event.username ?? event.userId,
    event.ip,
    event.data ? JSON.stringify(event.data) : null,
  ]);
}
