// A request's field problems in the language its console shows: zod's own words in Chinese for the console in zh-CN.
import type { Request } from 'express';
import { z } from 'zod';

/** The console says which language it shows (`X-Vigil-Language`); other clients get English. */
export const LANGUAGE_HEADER = 'x-vigil-language';

export function requestLanguage(req: Request): 'zh-CN' | 'en' {
  return req.get(LANGUAGE_HEADER) === 'zh-CN' ? 'zh-CN' : 'en';
}

const ZH_CN = z.locales.zhCN();

/** A field's problem in the caller's language; a message of our own (a custom check) stays as written. */
export function issueText(issue: z.core.$ZodIssue, language: 'zh-CN' | 'en'): string {
  if (language !== 'zh-CN' || issue.code === 'custom') return issue.message;
  const text = ZH_CN.localeError(issue as never);
  return typeof text === 'string' ? text : (text?.message ?? issue.message);
}
