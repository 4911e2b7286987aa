// Events in the reader's language, from an event's stable type and its data (its parameters): the console shows them
// so, and CSV files are written so. A type not listed keeps the hub's own sentence. The console bundles this file.

import { EXPORT_LIMIT_TEXTS, REASON_TEXTS, type TextLanguage } from './reason-text.js';

export { EXPORT_LIMIT_TEXTS, REASON_TEXTS, type TextLanguage };

/** What a text is made from: an event as the log and the API hold it. */
export interface EventForText {
  type: string;
  message: string;
  cameraId: string | null;
  enterpriseId?: string | null;
  orgUnitId: string | null;
  data: Record<string, unknown> | null;
}

/** Names of what events refer to, in the reader's language (undefined: not known here, the id is shown). */
export interface TextNames {
  camera(id: string): string | undefined;
  unit(id: string): string | undefined;
}

const LOGIN_FAILURES: Readonly<Record<string, Readonly<Record<TextLanguage, string>>>> = {
  bad_password: { 'zh-CN': '密码错误', en: 'wrong password' },
  unknown_user: { 'zh-CN': '用户名不存在', en: 'unknown user name' },
  disabled: { 'zh-CN': '账号已停用', en: 'account disabled' },
  locked: { 'zh-CN': '多次失败后已锁定', en: 'locked after repeated failures' },
};

/** The parts a template reads, each already in the reader's language. */
interface Parts {
  camera: string;
  unit: string;
  user: string;
  stream: string;
  d: (key: string) => string;
  n: (key: string) => number;
  reason: string;
}

type Template = (p: Parts) => string;
type Pair = Readonly<Record<TextLanguage, Template>>;

const action = (zh: string, en: string, what: Readonly<Record<TextLanguage, (p: Parts) => string>>): Pair => ({
  'zh-CN': (p) => `${p.user} ${zh}${what['zh-CN'](p)}`,
  en: (p) => `${p.user} ${en} ${what.en(p)}`,
});
const adminActions = (
  kind: string,
  what: Readonly<Record<TextLanguage, (p: Parts) => string>>,
): Record<string, Pair> => ({
  [`audit.admin.${kind}.created`]: action('新增了', 'added', what),
  [`audit.admin.${kind}.updated`]: action('修改了', 'changed', what),
  [`audit.admin.${kind}.deleted`]: action('删除了', 'deleted', what),
});
/** A step of a rectification notice, by its audit type's last word. */
const noticeStep = (zh: string, en: string): Pair => ({
  'zh-CN': (p) => `${p.user} ${zh}整改通知 ${p.d('number')}`,
  en: (p) => `${p.user} ${en} the rectification notice ${p.d('number')}`,
});
const NOTICE_TEMPLATES: Readonly<Record<string, Pair>> = {
  'audit.notice.issued': noticeStep('下发了', 'issued'),
  'audit.notice.read': noticeStep('签收了', 'read'),
  'audit.notice.answered': noticeStep('回复了', 'answered'),
  'audit.notice.reinspected': noticeStep('复查了', 're-inspected'),
  'audit.notice.closed': noticeStep('结案了', 'closed'),
  'audit.notice.reissued': noticeStep('重新下发了', 're-issued'),
  'audit.notice.escalated': noticeStep('移交现场检查：', 'escalated to an on-site inspection'),
  'notice.overdue': {
    'zh-CN': (p) => `整改通知 ${p.d('number')} 已超过整改期限 ${p.n('days')} 天`,
    en: (p) => `Rectification notice ${p.d('number')} is ${p.n('days')} day(s) past its deadline`,
  },
  'patrol.task.overdue': {
    'zh-CN': (p) => `${p.d('enterpriseName')} 的巡查任务（应于 ${p.d('dueAt').slice(0, 10)} 完成）已逾期`,
    en: (p) => `The patrol of ${p.d('enterpriseName')} due ${p.d('dueAt').slice(0, 10)} is overdue`,
  },
  'score.below_threshold': {
    'zh-CN': (p) =>
      `摄像头连续 ${p.n('days')} 个生产日在线率偏低（${(p.n('onlineRate') * 100).toFixed(1)}%），已自动下发整改通知 ${p.d('number')}`,
    en: (p) =>
      `Cameras were online ${(p.n('onlineRate') * 100).toFixed(1)}% of production time on ${p.n('days')} production days in a row; notice ${p.d('number')} was issued`,
  },
};
const bytes = (value: number): string =>
  value >= 1e9 ? `${(value / 1e9).toFixed(1)} GB` : `${Math.max(0, value / 1e6).toFixed(1)} MB`;

const TEMPLATES: Readonly<Record<string, Pair>> = {
  ...NOTICE_TEMPLATES,
  'camera.online': { 'zh-CN': (p) => `${p.camera}${p.stream} 已上线`, en: (p) => `${p.camera}${p.stream} is online` },
  'camera.offline': {
    'zh-CN': (p) => `${p.camera}${p.stream} 离线${p.reason ? `：${p.reason}` : ''}`,
    en: (p) => `${p.camera}${p.stream} is offline${p.reason ? `: ${p.reason}` : ''}`,
  },
  'camera.reconnecting': {
    'zh-CN': (p) => `${p.camera}${p.stream} 正在重连${p.reason ? `：${p.reason}` : ''}`,
    en: (p) => `${p.camera}${p.stream} is reconnecting${p.reason ? `: ${p.reason}` : ''}`,
  },
  'camera.image.black': {
    'zh-CN': (p) => `${p.camera} 画面黑屏或无图像`,
    en: (p) => `${p.camera} shows a black or blank picture`,
  },
  'camera.image.blurred': { 'zh-CN': (p) => `${p.camera} 画面模糊`, en: (p) => `${p.camera} shows a blurred picture` },
  'camera.image.covered': {
    'zh-CN': (p) => `${p.camera} 镜头疑似被遮挡`,
    en: (p) => `The lens of ${p.camera} looks covered`,
  },
  'camera.image.shifted': {
    'zh-CN': (p) => `${p.camera} 画面与基准画面不符（疑似被移动）`,
    en: (p) => `${p.camera} no longer shows its reference view (re-aimed)`,
  },
  'camera.image.ok': {
    'zh-CN': (p) => `${p.camera} 画面恢复正常`,
    en: (p) => `${p.camera} shows a normal picture again`,
  },
  'audit.login.succeeded': { 'zh-CN': (p) => `${p.user} 登录`, en: (p) => `${p.user} logged in` },
  'audit.login.failed': {
    'zh-CN': (p) => `“${p.d('username')}”登录失败：${p.reason}`,
    en: (p) => `Login of "${p.d('username')}" failed: ${p.reason}`,
  },
  'audit.logout': { 'zh-CN': (p) => `${p.user} 退出登录`, en: (p) => `${p.user} logged out` },
  'audit.password.changed': {
    'zh-CN': (p) =>
      p.d('byAdmin') === 'true' ? `${p.user} 重置了 ${p.d('target')} 的密码` : `${p.user} 修改了自己的密码`,
    en: (p) =>
      p.d('byAdmin') === 'true'
        ? `${p.user} reset the password of ${p.d('target')}`
        : `${p.user} changed their password`,
  },
  'audit.live.started': {
    'zh-CN': (p) => `${p.user} 开始观看 ${p.camera}${p.stream}`,
    en: (p) => `${p.user} started watching ${p.camera}${p.stream}`,
  },
  'audit.live.ended': {
    'zh-CN': (p) => `${p.user} 结束观看 ${p.camera}${p.stream}（${Math.round(p.n('durationMs') / 1000)} 秒）`,
    en: (p) => `${p.user} stopped watching ${p.camera}${p.stream} after ${Math.round(p.n('durationMs') / 1000)} s`,
  },
  'audit.live.remote': {
    'zh-CN': (p) => `中心用户 ${p.d('openedBy') || '（未知）'} 开始观看 ${p.camera}`,
    en: (p) => `${p.d('openedBy') || 'A center user'} (center) started watching ${p.camera}`,
  },
  'audit.ptz.steered': {
    'zh-CN': (p) =>
      `${p.user} 控制了 ${p.camera} 的云台 ${Math.round(p.n('durationMs') / 1000)} 秒（${p.n('moves')} 次转动）`,
    en: (p) => `${p.user} steered ${p.camera} for ${Math.round(p.n('durationMs') / 1000)} s (${p.n('moves')} moves)`,
  },
  'audit.ptz.preset.set': {
    'zh-CN': (p) => `${p.user} 在 ${p.camera} 上保存了预置位“${p.d('name')}”`,
    en: (p) => `${p.user} saved preset "${p.d('name')}" on ${p.camera}`,
  },
  'audit.ptz.preset.removed': {
    'zh-CN': (p) => `${p.user} 删除了 ${p.camera} 的预置位“${p.d('name')}”`,
    en: (p) => `${p.user} removed preset "${p.d('name')}" from ${p.camera}`,
  },
  'audit.playback': {
    'zh-CN': (p) => `${p.user} 回放了 ${p.camera} 的录像`,
    en: (p) => `${p.user} played back recordings of ${p.camera}`,
  },
  'audit.playback.remote': {
    'zh-CN': (p) => `中心用户 ${p.user} 回放了 ${p.camera} 的录像`,
    en: (p) => `${p.user} (center) played back recordings of ${p.camera}`,
  },
  'audit.export.created': {
    'zh-CN': (p) => `${p.user} 导出了 ${p.camera} 的录像片段`,
    en: (p) => `${p.user} exported a clip of ${p.camera}`,
  },
  'audit.export.downloaded': {
    'zh-CN': (p) => `${p.user} 下载了 ${p.camera} 的导出片段`,
    en: (p) => `${p.user} downloaded an exported clip of ${p.camera}`,
  },
  'audit.retrieval.created': {
    'zh-CN': (p) => `${p.user} 将 ${p.camera} 的录像调取到中心`,
    en: (p) => `${p.user} retrieved recordings of ${p.camera} to the center`,
  },
  'audit.retrieval.remote': {
    'zh-CN': (p) => `中心用户 ${p.user} 调取了 ${p.camera} 的录像`,
    en: (p) => `${p.user} (center) retrieved recordings of ${p.camera}`,
  },
  ...adminActions('camera', { 'zh-CN': (p) => `摄像机 ${p.camera}`, en: (p) => `camera ${p.camera}` }),
  ...adminActions('user', { 'zh-CN': (p) => `账号 ${p.d('target')}`, en: (p) => `the account ${p.d('target')}` }),
  // Overrides the generic deletion for the demo accounts the hub itself removes.
  'audit.admin.user.deleted': {
    'zh-CN': (p) =>
      p.d('reason') === 'demo-off'
        ? `已删除演示账号 ${p.d('username')}：演示已关闭，而它仍使用公开的密码`
        : `${p.user} 删除了账号 ${p.d('target')}`,
    en: (p) =>
      p.d('reason') === 'demo-off'
        ? `Deleted the demo account ${p.d('username')}: the demo is off and it still had the published password`
        : `${p.user} deleted the account ${p.d('target')}`,
  },
  ...adminActions('enterprise', {
    'zh-CN': (p) => `企业 ${p.d('enterprise.name')}`,
    en: (p) => `the enterprise ${p.d('enterprise.name')}`,
  }),
  ...adminActions('org_unit', {
    'zh-CN': (p) => `机构 ${p.d('orgUnit.name')}`,
    en: (p) => `the org unit ${p.d('orgUnit.name')}`,
  }),
  'push.started': { 'zh-CN': (p) => `${p.camera}：设备开始推流`, en: (p) => `${p.camera}: the device started pushing` },
  'push.ended': { 'zh-CN': (p) => `${p.camera}：设备停止推流`, en: (p) => `${p.camera}: the device stopped pushing` },
  'push.refused': {
    'zh-CN': (p) => `拒绝了来自 ${p.d('address')} 的 RTMP 推流`,
    en: (p) => `RTMP push from ${p.d('address')} refused`,
  },
  'transcode.started': {
    'zh-CN': (p) => `${p.camera}：为 ${p.user} 开始 H.264 转码${p.stream}`,
    en: (p) => `${p.camera}: H.264 transcode${p.stream} started for ${p.user}`,
  },
  'transcode.stopped': {
    'zh-CN': (p) => `${p.camera}：H.264 转码已停止（${Math.round(p.n('durationMs') / 1000)} 秒）`,
    en: (p) => `${p.camera}: H.264 transcode stopped after ${Math.round(p.n('durationMs') / 1000)} s`,
  },
  'transcode.refused': {
    'zh-CN': (p) => `${p.camera}：${p.user} 的转码请求被拒绝（${p.n('running')}/${p.n('limit')} 路正在转码）`,
    en: (p) => `${p.camera}: transcode for ${p.user} refused (${p.n('running')} of ${p.n('limit')} running)`,
  },
  'hub.started': { 'zh-CN': (p) => `Vigil ${p.d('version')} 已启动`, en: (p) => `Vigil ${p.d('version')} started` },
  'storage.full': {
    'zh-CN': () => '录像磁盘已满：正在删除最早的录像，稍后自动重试。请释放空间或增加存储。',
    en: () => 'The recordings disk is full: the oldest recordings are being removed and recording retries shortly.',
  },
  'storage.error': {
    'zh-CN': (p) => `${p.camera} 的录像写入出错，稍后自动重试`,
    en: (p) => `Recording of ${p.camera} paused after a write error; it retries shortly`,
  },
  'recording.deleted': {
    'zh-CN': (p) => `按保存策略删除了 ${p.camera} 的 ${p.n('files')} 个录像文件（${bytes(p.n('bytes'))}）`,
    en: (p) => `Retention removed ${p.n('files')} recording file(s) of ${p.camera} (${bytes(p.n('bytes'))})`,
  },
  'recording.locked_over_quota': {
    'zh-CN': (p) =>
      `录像${p.d('limit') === 'quota' ? '超出配额' : '低于磁盘剩余空间下限'} ${bytes(p.n('shortBytes'))}：剩余的只有证据锁定的录像（${bytes(p.n('lockedBytes'))}），未删除证据。请解除案件锁定或增加存储。`,
    en: (p) =>
      `Recordings stay ${bytes(p.n('shortBytes'))} ${p.d('limit') === 'quota' ? 'over the quota' : 'short of the free-space floor'}: only footage locked as evidence is left (${bytes(p.n('lockedBytes'))}); no evidence was deleted`,
  },
  'audit.case.created': {
    'zh-CN': (p) => `${p.user} 立案：${p.d('title')}`,
    en: (p) => `${p.user} opened the case ${p.d('title')}`,
  },
  'audit.case.item_added': {
    'zh-CN': (p) => `${p.user} 向案件 ${p.d('title')} 添加了证据`,
    en: (p) => `${p.user} added evidence to the case ${p.d('title')}`,
  },
  'audit.case.item_removed': {
    'zh-CN': (p) => `${p.user} 从案件 ${p.d('title')} 移除了证据`,
    en: (p) => `${p.user} removed evidence from the case ${p.d('title')}`,
  },
  'audit.case.locked': {
    'zh-CN': (p) => `${p.user} 锁定了案件 ${p.d('title')} 的录像（${bytes(p.n('lockedBytes'))}）`,
    en: (p) => `${p.user} locked the footage of the case ${p.d('title')} (${bytes(p.n('lockedBytes'))})`,
  },
  'audit.case.released': {
    'zh-CN': (p) => `${p.user} 解除了案件 ${p.d('title')} 的证据锁定，原因：${p.d('reason')}`,
    en: (p) => `${p.user} released the evidence lock of the case ${p.d('title')}: ${p.d('reason')}`,
  },
  'audit.image.reference.set': {
    'zh-CN': (p) => `${p.user} 将 ${p.camera} 的当前画面设为基准画面`,
    en: (p) => `${p.user} took the current picture of ${p.camera} as its reference view`,
  },
  'audit.case.exported': {
    'zh-CN': (p) => `${p.user} 导出了案件 ${p.d('title')}`,
    en: (p) => `${p.user} exported the case ${p.d('title')}`,
  },
  'audit.case.downloaded': {
    'zh-CN': (p) => `${p.user} 下载了案件 ${p.d('title')} 的导出`,
    en: (p) => `${p.user} downloaded an export of the case ${p.d('title')}`,
  },
  'recording.export.started': {
    'zh-CN': (p) => `${p.camera} 的片段开始导出`,
    en: (p) => `An export of ${p.camera} started`,
  },
  'recording.export.completed': {
    'zh-CN': (p) => `${p.camera} 的片段导出完成（SHA-256 ${p.d('sha256')}）`,
    en: (p) => `An export of ${p.camera} is ready (SHA-256 ${p.d('sha256')})`,
  },
  'recording.export.failed': {
    'zh-CN': (p) => `${p.camera} 的片段导出失败`,
    en: (p) => `An export of ${p.camera} failed`,
  },
  'export.refused': {
    'zh-CN': (p) => `${p.d('username') || '用户'} 导出 ${p.camera} 被拒绝：${p.reason}`,
    en: (p) => `An export of ${p.camera} by ${p.d('username') || 'a user'} was refused: ${p.reason}`,
  },
  'export.deleted': {
    'zh-CN': (p) => `按保存策略删除了 ${p.n('exports')} 个导出片段（${bytes(p.n('bytes'))}）`,
    en: (p) => `Retention removed ${p.n('exports')} exported clip(s) (${bytes(p.n('bytes'))})`,
  },
  'events.pruned': {
    'zh-CN': (p) => `按保存策略清理了 ${p.n('events')} 条事件`,
    en: (p) => `Event log retention removed ${p.n('events')} event(s)`,
  },
  'federation.link.up': {
    'zh-CN': (p) => `与 ${p.unit} 的链路已恢复`,
    en: (p) => `The link to ${p.unit} is up`,
  },
  'federation.link.down': {
    'zh-CN': (p) => `与 ${p.unit} 的链路中断：其摄像机显示最后已知状态`,
    en: (p) => `The link to ${p.unit} is down: its cameras are shown as last known`,
  },
  'federation.lease.expired': {
    'zh-CN': (p) => `中心未续租，已停止向中心发送 ${p.camera}`,
    en: (p) => `The center stopped renewing: ${p.camera} is no longer sent to it`,
  },
  'federation.admission.refused': {
    'zh-CN': (p) => `与 ${p.unit} 的链路已满，${p.camera} 暂时无法打开`,
    en: (p) => `The link to ${p.unit} is full: ${p.camera} cannot be opened now`,
  },
  'federation.retrieval.done': {
    'zh-CN': (p) => `${p.camera} 的录像已调取到中心（${p.n('files')} 个文件，校验全部通过）`,
    en: (p) => `Recordings of ${p.camera} retrieved to the center (${p.n('files')} file(s), every hash checked)`,
  },
  'federation.retrieval.failed': {
    'zh-CN': (p) => `${p.camera} 的录像调取失败`,
    en: (p) => `Retrieval of recordings of ${p.camera} failed`,
  },
};

/** The event types with a text of their own (the rest keep the hub's sentence). */
export const TEXTED_EVENT_TYPES: readonly string[] = Object.keys(TEMPLATES);

/** A value of the event's data by a dotted path, as text ('' when absent). */
function dataText(data: Record<string, unknown> | null, path: string): string {
  let value: unknown = data;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null | undefined)?.[key];
  return value === undefined || value === null ? '' : String(value);
}

function reasonOf(event: EventForText, language: TextLanguage): string {
  const data = event.data;
  const code = dataText(data, 'reasonCode');
  const table =
    event.type === 'audit.login.failed'
      ? LOGIN_FAILURES
      : event.type === 'export.refused'
        ? EXPORT_LIMIT_TEXTS
        : REASON_TEXTS;
  const key = event.type === 'export.refused' ? dataText(data, 'limit') : code || dataText(data, 'reason');
  return table[key]?.[language] ?? dataText(data, 'reason');
}

/** The event's text in `language`; its own sentence when its type has no text here. */
export function eventText(event: EventForText, language: TextLanguage, names: TextNames): string {
  const template = TEMPLATES[event.type]?.[language];
  if (!template) return event.message;
  const stream = dataText(event.data, 'stream');
  const parts: Parts = {
    camera: event.cameraId
      ? (names.camera(event.cameraId) ?? (dataText(event.data, 'cameraName') || event.cameraId))
      : '',
    unit: event.orgUnitId ? (names.unit(event.orgUnitId) ?? event.orgUnitId) : '',
    user: dataText(event.data, 'username') || (language === 'zh-CN' ? '（系统）' : '(system)'),
    stream: stream === 'sub' ? (language === 'zh-CN' ? '（子码流）' : ' (sub stream)') : '',
    d: (key) => dataText(event.data, key),
    n: (key) => Number(dataText(event.data, key)) || 0,
    reason: reasonOf(event, language),
  };
  return template(parts);
}
