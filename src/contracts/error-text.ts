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

/** A field problem the hub finds itself (beyond the schema), by its stable code. */
export const FIELD_PROBLEM_TEXTS = {
  wrong_password: { en: 'is not your current password', 'zh-CN': '当前密码不正确' },
  same_password: { en: 'must differ from the current password', 'zh-CN': '新密码不能与当前密码相同' },
  contains_username: { en: 'must not contain the user name', 'zh-CN': '密码不能包含用户名' },
} as const satisfies Record<string, Record<TextLanguage, string>>;
export type FieldProblem = keyof typeof FIELD_PROBLEM_TEXTS;

/** A field's problem as the hub words it (`details: [{path, message, code?}]`) in `language`. */
export function fieldProblemText(detail: { message: string; code?: unknown }, language: TextLanguage): string {
  const known = typeof detail.code === 'string' ? record(FIELD_PROBLEM_TEXTS)[detail.code] : undefined;
  return known ? (known as Record<TextLanguage, string>)[language] : detail.message;
}
