// Why a camera stream failed and why an export was refused, in the reader's language: the few texts the console's
// shell and live view need, kept apart from the event texts (which load with the events page). No dependencies.

export type TextLanguage = 'zh-CN' | 'en';

/** Why a camera stream failed: the codes of src/ffmpeg/failure.ts and of a branch camera at the center. */
export const REASON_TEXTS: Readonly<Record<string, Readonly<Record<TextLanguage, string>>>> = {
  auth_failed: { 'zh-CN': '认证失败（用户名或密码错误）', en: 'authentication failed' },
  unreachable: { 'zh-CN': '无法连接摄像机', en: 'camera unreachable' },
  not_found: { 'zh-CN': '找不到该码流', en: 'stream not found' },
  no_video: { 'zh-CN': '没有视频流', en: 'no video stream' },
  unsupported_codec: { 'zh-CN': '不支持的编码', en: 'unsupported codec' },
  stalled: { 'zh-CN': '停滞（收不到数据）', en: 'stalled (no data)' },
  exited: { 'zh-CN': '视频流意外中断', en: 'the stream ended unexpectedly' },
  branch_unreachable: {
    'zh-CN': '分局平台无法连接，显示的是最后已知状态',
    en: 'branch hub unreachable: last known state',
  },
  branch_no_status: { 'zh-CN': '尚未收到分局上报的状态', en: 'no status from the branch yet' },
  waiting_push: { 'zh-CN': '等待设备推流', en: 'waiting for the device to push' },
  no_stream: { 'zh-CN': '未配置码流地址', en: 'no stream configured' },
};

/** Why an export was refused (ExportLimitKind), said in words. */
export const EXPORT_LIMIT_TEXTS: Readonly<Record<string, Readonly<Record<TextLanguage, string>>>> = {
  'user-concurrent': { 'zh-CN': '同时进行的导出已达上限', en: 'too many exports at once' },
  'user-daily-count': { 'zh-CN': '今日导出次数已达上限', en: 'daily number of exports reached' },
  'user-daily-bytes': { 'zh-CN': '今日导出数据量已达上限', en: 'daily export volume reached' },
  'queue-full': { 'zh-CN': '导出队列已满', en: 'export queue full' },
  'store-full': { 'zh-CN': '导出存储空间已满', en: 'export storage full' },
};
