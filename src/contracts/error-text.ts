// Errors the hub answers, in the reader's language, from their stable code and details: a refusal says what is full
// and by how much. Anything not listed keeps the hub's own message. No dependencies: the console bundles this file.
import { EXPORT_LIMIT_TEXTS, type TextLanguage } from './event-text.js';

/** An error body as the hub sends it: `{"error": {code, message, details}}`. */
export interface ErrorForText {
  code: string;
  message: string;
  details?: unknown;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const mbit = (kbps: unknown): string => (Number(kbps) / 1000).toFixed(1);

/** The error's text in `language`; its own message when nothing more fitting is known. */
export function errorText(error: ErrorForText, language: TextLanguage): string {
  const details = record(error.details);
  if (details.reason === 'link_full') {
    const branch = String(details.branchName ?? details.branchId ?? '');
    const [used, budget, need] = [mbit(details.usedKbps), mbit(details.budgetKbps), mbit(details.needKbps)];
    const streams = Number(details.streams) || 0;
    return language === 'zh-CN'
      ? `与 ${branch} 的链路已满：${streams} 路占用 ${used} / ${budget} Mbit/s，本路需要 ${need} Mbit/s`
      : `The link to ${branch} is full: ${streams} stream(s) use ${used} of ${budget} Mbit/s, and this one needs ${need}`;
  }
  if (details.reason === 'branch_unreachable') {
    const branch = String(details.branchId ?? '');
    return language === 'zh-CN' ? `分局平台 ${branch} 无法连接，请稍后再试` : error.message;
  }
  const limit = typeof details.limit === 'string' ? EXPORT_LIMIT_TEXTS[details.limit] : undefined;
  if (limit) return language === 'zh-CN' ? `导出被拒绝：${limit['zh-CN']}` : error.message;
  return error.message;
}
