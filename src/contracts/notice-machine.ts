// The state machine of rectification notices: states, steps, who takes each from where, the photo limits, and their
// words in the reader's language. No dependencies: the console bundles this file.

export const NOTICE_STATES = ['issued', 'read', 'answered', 'reinspected', 'closed', 'reissued', 'escalated'] as const;
export type NoticeStateName = (typeof NOTICE_STATES)[number];

export const NOTICE_ACTIONS = ['read', 'answer', 'reinspect', 'close', 'reissue', 'escalate'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

/** The states past which a notice needs nothing more (it is never overdue in them). */
export const FINAL_NOTICE_STATES: readonly NoticeStateName[] = ['closed', 'reissued', 'escalated'];

/** Who takes a step: the agency's inspectors and admins, or the accounts of the notice's own enterprise. */
export type NoticeActor = 'agency' | 'enterprise';

/**
 * The state machine: for each step, the states it may start from, the state it leads to, and who takes it.
 * Answering straight from `issued` is allowed: the answer itself shows the enterprise has read the notice.
 */
export const NOTICE_TRANSITIONS: Readonly<
  Record<NoticeAction, { from: readonly NoticeStateName[]; to: NoticeStateName; by: NoticeActor }>
> = {
  read: { from: ['issued'], to: 'read', by: 'enterprise' },
  answer: { from: ['issued', 'read'], to: 'answered', by: 'enterprise' },
  reinspect: { from: ['answered'], to: 'reinspected', by: 'agency' },
  close: { from: ['reinspected'], to: 'closed', by: 'agency' },
  reissue: { from: ['reinspected'], to: 'reissued', by: 'agency' },
  escalate: { from: ['issued', 'read', 'answered', 'reinspected'], to: 'escalated', by: 'agency' },
};

/** The roles that act for the agency on notices (operators only read them; unknown roles do nothing). */
export const NOTICE_AGENCY_ROLES = ['admin', 'inspector'] as const;

/** What a caller of `role` may do to a notice in `state` (the console shows these buttons; the hub checks them). */
export function noticeActionsFor(state: NoticeStateName, role: string): NoticeAction[] {
  const actor: NoticeActor | undefined =
    role === 'enterprise'
      ? 'enterprise'
      : (NOTICE_AGENCY_ROLES as readonly string[]).includes(role)
        ? 'agency'
        : undefined;
  return NOTICE_ACTIONS.filter(
    (action) =>
      action !== 'read' && NOTICE_TRANSITIONS[action].by === actor && NOTICE_TRANSITIONS[action].from.includes(state),
  );
}

/** Limits of an answer's photos (checked by the hub; the console says them before sending). */
export const NOTICE_PHOTO_LIMITS = { maxFiles: 5, maxBytes: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png'] };

/** The states in the reader's language. */
export const NOTICE_STATE_TEXTS: Readonly<Record<NoticeStateName, { 'zh-CN': string; en: string }>> = {
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
