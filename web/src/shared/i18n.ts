// Typed zh-CN/en dictionary on vue-i18n, the current language (remembered in localStorage) and DOM re-translation.
import { createI18n } from 'vue-i18n';
import type { CameraStatus, CreditGrade, ProductionStage, TextLanguage } from '../../../src/contracts/index.js';
import { en as adminEn, zhCN as adminZhCN } from '../admin/messages.js';
import { en as cameraAdminEn, zhCN as cameraAdminZhCN } from '../admin/cameras/messages.js';
import { en as federationEn, zhCN as federationZhCN } from '../federation/messages.js';
import { en as playbackEn, zhCN as playbackZhCN } from '../playback/messages.js';
import { en as caseFormEn, zhCN as caseFormZhCN } from '../cases/form-messages.js';

/** The console's languages are those the hub's texts come in. */
export type Language = TextLanguage;
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'vigil.lang';

const zhCN = {
  'app.name': 'Vigil 视频监管平台',
  'app.shortName': 'Vigil',
  'nav.live': '实时预览',
  'nav.playback': '回放',
  'nav.events': '事件',
  'nav.notices': '整改通知',
  'notices.badge': '未结 {open}，逾期 {overdue}',
  'nav.admin': '管理',
  'nav.main': '主导航',
  'page.playback.title': '录像回放',
  'page.events.title': '事件中心',
  'page.admin.title': '系统管理',
  'top.language': '切换语言',
  'top.logout': '退出登录',
  'top.realtimeOnline': '实时连接正常',
  'top.realtimeOffline': '实时连接已断开',
  'login.title': '登录',
  'login.subtitle': '检验检疫视频监管',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.failed': '用户名或密码错误',
  'login.error': '登录失败：{message}',
  'error.network': '无法连接服务器，请检查网络。',
  'error.loadTree': '加载组织机构失败：{message}',
  'org.search': '搜索摄像机或企业',
  'org.title': '监控点',
  'org.empty': '没有可显示的摄像机',
  'org.showAll': '在画面中显示全部摄像机',
  'org.hint': '点击摄像机放入选中画面，或拖动到任意画面',
  'org.onlineCount': '在线 {online}/{total}',
  'org.grade': '信用等级 {grade}',
  'live.layout': '画面布局',
  'live.layoutN': '{n} 画面',
  'live.fullscreenGrid': '全屏显示画面',
  'live.clearAll': '清空全部画面',
  'live.tile': '画面 {n}',
  'live.tileEmpty': '拖入或点击左侧摄像机',
  'live.tileClose': '关闭此画面',
  'live.tileFullscreen': '全屏',
  'live.tileSingle': '单画面查看',
  'live.latency': '延迟',
  'live.latencyTitle': '直播延迟（播放时刻与画面时间之差）',
  'live.streamMain': '主码流',
  'live.streamSub': '子码流',
  'live.loading': '正在连接视频…',
  'live.buffering': '缓冲中…',
  'live.retrying': '播放中断，{seconds} 秒后重试（第 {attempt} 次）',
  'live.refused': '暂时无法播放：{reason}（{seconds} 秒后重试）',
  'live.h265': '此浏览器无法播放 H.265，平台也未提供转码；请在摄像机上选择 H.264 配置',
  'live.transcoded': '转码 H.264',
  'live.transcodedTitle': '此浏览器无法解码 H.265：观看期间由平台实时转码为 H.264（占用平台 CPU）',
  'live.transcodeLoading': '正在转码为 H.264…',
  'live.unsupported': '此浏览器不支持 HLS 播放',
  'live.noStream': '暂无直播流',
  'live.offlineReason': '离线：{reason}',
  'live.clickToPlay': '点击播放',
  'live.unknownCamera': '未知摄像机 {id}',
  'grade.label': '{grade} 级',
  ...adminZhCN,
  ...cameraAdminZhCN,
  ...playbackZhCN,
  ...federationZhCN,
  'nav.patrol': '巡查',
  'nav.cases': '案件证据',
  'nav.reports': '报表',
  'nav.overview': '大屏',
  ...caseFormZhCN,
} as const;

export type MessageKey = keyof typeof zhCN;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  'app.name': 'Vigil Video Supervision',
  'app.shortName': 'Vigil',
  'nav.live': 'Live',
  'nav.playback': 'Playback',
  'nav.events': 'Events',
  'nav.notices': 'Notices',
  'notices.badge': '{open} open, {overdue} overdue',
  'nav.admin': 'Admin',
  'nav.main': 'Main navigation',
  'page.playback.title': 'Playback',
  'page.events.title': 'Events',
  'page.admin.title': 'Administration',
  'top.language': 'Switch language',
  'top.logout': 'Log out',
  'top.realtimeOnline': 'Realtime connected',
  'top.realtimeOffline': 'Realtime disconnected',
  'login.title': 'Sign in',
  'login.subtitle': 'Inspection & quarantine video supervision',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.failed': 'Wrong user name or password',
  'login.error': 'Sign-in failed: {message}',
  'error.network': 'Cannot reach the server; check the network.',
  'error.loadTree': 'Could not load the organisation: {message}',
  'org.search': 'Search cameras or enterprises',
  'org.title': 'Monitoring points',
  'org.empty': 'No cameras to show',
  'org.showAll': 'Show all cameras in the grid',
  'org.hint': 'Click a camera to put it in the selected tile, or drag it onto any tile',
  'org.onlineCount': 'Online {online}/{total}',
  'org.grade': 'Credit grade {grade}',
  'live.layout': 'Layout',
  'live.layoutN': '{n} tiles',
  'live.fullscreenGrid': 'Full-screen grid',
  'live.clearAll': 'Clear all tiles',
  'live.tile': 'Tile {n}',
  'live.tileEmpty': 'Drop or click a camera',
  'live.tileClose': 'Close this tile',
  'live.tileFullscreen': 'Full screen',
  'live.tileSingle': 'Open in single view',
  'live.latency': 'Latency',
  'live.latencyTitle': 'Live latency (wall clock minus the time of the frame shown)',
  'live.streamMain': 'Main',
  'live.streamSub': 'Sub',
  'live.loading': 'Connecting to video…',
  'live.buffering': 'Buffering…',
  'live.retrying': 'Playback interrupted; retrying in {seconds} s (attempt {attempt})',
  'live.refused': 'Refused for now: {reason} (retrying in {seconds} s)',
  'live.h265': 'This browser cannot play H.265 and the hub offers no transcode; select an H.264 profile on the camera',
  'live.transcoded': 'Transcoded to H.264',
  'live.transcodedTitle':
    'This browser cannot decode H.265: the hub transcodes the stream to H.264 while you watch (it costs the hub CPU)',
  'live.transcodeLoading': 'Transcoding to H.264…',
  'live.unsupported': 'This browser cannot play HLS',
  'live.noStream': 'No live stream',
  'live.offlineReason': 'Offline: {reason}',
  'live.clickToPlay': 'Click to play',
  'live.unknownCamera': 'Unknown camera {id}',
  'grade.label': 'Grade {grade}',
  ...adminEn,
  ...cameraAdminEn,
  ...playbackEn,
  ...federationEn,
  'nav.patrol': 'Patrols',
  'nav.cases': 'Cases',
  'nav.reports': 'Reports',
  'nav.overview': 'Overview',
  ...caseFormEn,
};

const STAGES: Record<Language, Record<ProductionStage, string>> = {
  'zh-CN': {
    raw_material_intake: '原料进厂',
    processing: '加工生产',
    staff_entrance: '人员通道',
    product_testing: '产品检验',
    packaging: '包装',
    storage: '仓储',
    other: '其他',
  },
  en: {
    raw_material_intake: 'Raw-material intake',
    processing: 'Processing',
    staff_entrance: 'Staff entrance',
    product_testing: 'Product testing',
    packaging: 'Packaging',
    storage: 'Storage',
    other: 'Other',
  },
};

const STATUSES: Record<Language, Record<CameraStatus, string>> = {
  'zh-CN': {
    starting: '启动中',
    online: '在线',
    reconnecting: '重连中',
    offline: '离线',
    idle: '空闲',
    disabled: '已停用',
  },
  en: {
    starting: 'Starting',
    online: 'Online',
    reconnecting: 'Reconnecting',
    offline: 'Offline',
    idle: 'Idle',
    disabled: 'Disabled',
  },
};

function storedLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

/**
 * The console's one translator: Vue components and the plain media modules both go through it. Keys are flat
 * (`live.tileEmpty`), so a message is looked up by the whole key rather than as a path.
 */
export const i18n = createI18n({
  legacy: false,
  locale: storedLanguage(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en } as Record<Language, Dictionary>,
  messageResolver: (messages, key) => (messages as Record<string, string>)[key] ?? null,
  missingWarn: false,
  fallbackWarn: false,
});

const listeners = new Set<(language: Language) => void>();

/** The current language; read inside a component's render, it re-renders the component when it changes. */
export function language(): Language {
  return i18n.global.locale.value as Language;
}

export function setLanguage(next: Language): void {
  if (next === language()) return;
  i18n.global.locale.value = next;
  window.localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  translateTree(document.body);
  for (const listener of listeners) listener(next);
}

/** Calls `listener` after every language change; returns the unsubscribe function. */
export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Params = Record<string, string | number>;

/**
 * A page's own strings, loaded with the page's chunk rather than with the shell (whose size every page pays for):
 * the returned function reads them in the console's current language, `{name}` filled from `params`.
 */
export function pageTranslator<K extends string>(
  zh: Readonly<Record<K, string>>,
  english: Readonly<Record<K, string>>,
): (key: K, params?: Params) => string {
  return (key, params = {}) =>
    (language() === 'en' ? english : zh)[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      String(params[name] ?? whole),
    );
}

export function t(key: MessageKey, params?: Params): string {
  return params ? i18n.global.t(key, params) : i18n.global.t(key);
}

export const stageLabel = (stage: ProductionStage): string => STAGES[language()][stage];
export const statusLabel = (status: CameraStatus): string => STATUSES[language()][status];
export const gradeLabel = (grade: CreditGrade): string => t('grade.label', { grade });

/** Picks the English name when the UI is in English and one exists. */
export function localName(item: { name: string; nameEn: string | null }): string {
  return language() === 'en' && item.nameEn ? item.nameEn : item.name;
}

/**
 * Static texts are marked with `data-i18n` (text) and `data-i18n-<attr>` (attributes such as aria-label, title,
 * placeholder); this re-applies them under `root` after a language change.
 */
const ATTRIBUTES = ['aria-label', 'title', 'placeholder'] as const;

export function translateTree(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n as MessageKey);
  }
  for (const attribute of ATTRIBUTES) {
    for (const element of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`)) {
      const key = element.getAttribute(`data-i18n-${attribute}`) as MessageKey;
      element.setAttribute(attribute, t(key));
    }
  }
}

export type TranslatableAttribute = (typeof ATTRIBUTES)[number];
