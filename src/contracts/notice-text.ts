// The states and steps of rectification notices, and their words in the reader's language. No dependencies: the
// console bundles this file (error and event texts read it).

export const NOTICE_STATES = ['issued', 'read', 'answered', 'reinspected', 'closed', 'reissued', 'escalated'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const NOTICE_ACTIONS = ['read', 'answer', 'reinspect', 'close', 'reissue', 'escalate'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

/** The states in the reader's language. */
export const NOTICE_STATE_TEXTS: Readonly<Record<NoticeState, { 'zh-CN': string; en: string }>> = {
  issued: { 'zh-CN': '已下发', en: 'issued' },
  read: { 'zh-CN': '已签收', en: 'read' },
  answered: { 'zh-CN': '已回复', en: 'answered' },
  reinspected: { 'zh-CN': '已复查', en: 're-inspected' },
  closed: { 'zh-CN': '已结案', en: 'closed' },
  reissued: { 'zh-CN': '已重新下发', en: 're-issued' },
  escalated: { 'zh-CN': '已移交现场检查', en: 'escalated to on-site inspection' },
};

export const NOTICE_ACTION_TEXTS: Readonly<Record<NoticeAction, { 'zh-CN': string; en: string }>> = {
  read: { 'zh-CN': '签收', en: 'read' },
  answer: { 'zh-CN': '回复', en: 'answer' },
  reinspect: { 'zh-CN': '复查', en: 're-inspect' },
  close: { 'zh-CN': '结案', en: 'close' },
  reissue: { 'zh-CN': '重新下发', en: 're-issue' },
  escalate: { 'zh-CN': '移交现场检查', en: 'escalate' },
};
