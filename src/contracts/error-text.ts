// Errors the hub answers, in the reader's language, from their stable code and details: a refusal says what is full
// and by how much. Anything not listed keeps the hub's own message. No dependencies: the console bundles this file.
import { EXPORT_LIMIT_TEXTS, REASON_TEXTS, type TextLanguage } from './reason-text.js';
import { NOTICE_ACTION_TEXTS, NOTICE_STATE_TEXTS, type NoticeAction, type NoticeStateName } from './notice-machine.js';
import type { ExportJobView, RetrievalJobView } from './playback.js';

/** An error body as the hub sends it: `{"error": {code, message, details}}`. */
export interface ErrorForText {
  code: string;
  message: string;
  details?: unknown;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const mbit = (kbps: unknown): string => (Number(kbps) / 1000).toFixed(1);

/** Every state an export or a retrieval job can be in (typed, so a state the contracts add must be worded here). */
const JOB_STATES_ZH: Record<ExportJobView['state'] | RetrievalJobView['state'], string> = {
  queued: '排队中',
  running: '进行中',
  waiting: '等待链路恢复',
  done: '已完成',
  failed: '已失败',
  canceled: '已取消',
};

/** Why a camera's PTZ failed (the ONVIF failure reason), in Chinese. */
const PTZ_DEVICE_ZH: Record<string, string> = {
  unreachable: '摄像机云台无响应：请检查摄像机是否开机、ONVIF 地址是否正确',
  'auth-failed': '摄像机拒绝了保存的用户名或密码：请在摄像机设置中更正',
  'not-onvif': '摄像机的 ONVIF 地址不是 ONVIF 设备：请在摄像机设置中更正',
  malformed: '摄像机云台的应答无法读取：请重试或重启摄像机',
};

/**
 * Conflicts and refusals by their `details.reason`, in Chinese; the hub's own message is the English text. Each
 * reads the facts it names from the details.
 */
const REFUSAL_TEXTS_ZH: Record<string, (details: Record<string, unknown>) => string> = {
  licence_taken: (d) => `许可证编号 ${String(d.licenceNo)} 已登记给其他企业`,
  username_taken: (d) => `用户名“${String(d.username)}”已被使用`,
  unit_name_taken: (d) => `已有名为“${String(d.name)}”的机构`,
  unit_not_empty: (d) => `该分局还有 ${Number(d.enterprises)} 家企业和 ${Number(d.users)} 个用户，请先移走或删除`,
  center_undeletable: () => '监控中心不能删除',
  enterprise_has_cameras: (d) => `该企业还有 ${Number(d.cameras)} 路摄像机，请先删除`,
  enterprise_has_cases: (d) => `该企业有 ${Number(d.cases)} 个案件（证据），不能删除`,
  case_locked: () => '案件已锁定：请先由管理员解除锁定',
  case_not_locked: () => '只有已锁定的案件才能解除锁定',
  case_closed: () => '案件已结案，不能再修改',
  other_enterprise: () => '该证据属于其他企业，不能加入本案件',
  mirrored: (d) => `此项属于分局平台 ${String(d.origin)}，请在该平台上修改`,
  own_account: () => '不能删除自己的账号，也不能更改自己的角色、机构或状态',
  admin_only: () => '只有管理员可以执行此操作',
  enterprise_account_fixed: () => '企业账号始终属于其企业，不能改为监管部门账号或移到其他机构；如需请新建账号',
  agency_only: () => '此功能仅供监管部门工作人员使用',
  center_admin_only: () => '只有监控中心管理员可以执行此操作',
  own_branch_only: () => '分局管理员只能在本分局内执行此操作',
  playback_role: () => '回放和导出需要检查员或管理员角色',
  recordings_not_allowed: () => '监管部门未向贵企业开放录像查看',
  not_in_scope: () => '该摄像机不在您的权限范围内',
  busy: () => '其他同类任务正在进行，请几秒后再试',
  camera_queued: (d) => `摄像机正在排队启动：前面还有 ${Number(d.waiting)} 路码流等待启动`,
  camera_connecting: () => '正在连接摄像机',
  camera_failing: (d) =>
    `摄像机${d.status === 'offline' ? '离线' : '正在重连'}：${REASON_TEXTS[String(d.reasonCode)]?.['zh-CN'] ?? '原因未知'}`,
  no_data: () => '码流暂无数据',
  transcode_busy: (d) =>
    Number(d.limit) === 0
      ? '本平台未启用 H.265 转码'
      : `转码路数已满（${Number(d.running)}/${Number(d.limit)} 路正在转码），请稍后再试`,
  ptz_busy: (d) => `${String(d.displayName)}（${String(d.username)}）正在控制该摄像机的云台，请稍后再试`,
  ptz_unavailable: () => '该摄像机没有云台（PTZ）功能',
  ptz_role: () => '您的角色不能控制云台',
  ptz_device: (d) => PTZ_DEVICE_ZH[String(d.device)] ?? '摄像机拒绝了云台命令',
  notice_state: (d) =>
    `该整改通知当前状态为“${NOTICE_STATE_TEXTS[d.state as NoticeStateName]?.['zh-CN'] ?? String(d.state)}”，不能${NOTICE_ACTION_TEXTS[d.action as NoticeAction]?.['zh-CN'] ?? String(d.action)}`,
  notice_not_rectified: () => '复查结论为未整改，不能结案：请重新下发或移交现场检查',
  notice_evidence_enterprise: () => '所附证据不属于该企业',
  photo_type: (d) => `“${String(d.filename)}”不是 JPEG 或 PNG 图片（按文件内容检查，而非文件名）`,
  photo_too_large: (d) => `“${String(d.filename)}”超过 ${Number(d.maxBytes) / 1048576} MB，请压缩后再传`,
  photo_count: (d) => `每次回复最多 ${Number(d.maxFiles)} 张照片`,
  upload_malformed: () => '上传内容不完整或格式不正确，请重新提交',
  field_too_large: () => '回复文字过长',
  job_state: (d) => `任务当前状态为“${String(record(JOB_STATES_ZH)[String(d.state)] ?? d.state)}”`,
};

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
  const refusal = typeof details.reason === 'string' ? REFUSAL_TEXTS_ZH[details.reason] : undefined;
  if (refusal && language === 'zh-CN') return refusal(details);
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
