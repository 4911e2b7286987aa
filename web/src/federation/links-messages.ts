// Texts of the link health page, zh-CN first and English. They load with the page's chunk, not with the shell:
// `lt` reads them in the console's current language.
import { pageTranslator } from '../shared/i18n.js';

export const zhCN = {
  'links.title': '分局链路状态',
  'links.branch': '分局',
  'links.state': '状态',
  'links.up': '在线',
  'links.down': '中断',
  'links.rtt': '往返时延',
  'links.budget': '占用 / 预算',
  'links.throughput': '实测流量',
  'links.streams': '视频流',
  'links.retrievals': '调取任务',
  'links.cameras': '摄像机',
  'links.lastSeen': '最后心跳',
  'links.none': '本平台不是中心平台，没有分局链路',
  'links.loadFailed': '读取链路状态失败：{message}',
  'links.kbps': '{value} kbit/s',
  'links.ms': '{value} ms',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'links.title': 'Branch links',
  'links.branch': 'Branch',
  'links.state': 'State',
  'links.up': 'Up',
  'links.down': 'Down',
  'links.rtt': 'Round trip',
  'links.budget': 'Reserved / budget',
  'links.throughput': 'Measured',
  'links.streams': 'Streams',
  'links.retrievals': 'Retrievals',
  'links.cameras': 'Cameras',
  'links.lastSeen': 'Last heartbeat',
  'links.none': 'This hub is not a center: it has no branch links',
  'links.loadFailed': 'Could not read the links: {message}',
  'links.kbps': '{value} kbit/s',
  'links.ms': '{value} ms',
};

export type LinkMessageKey = keyof typeof zhCN;

/** The link page's text in the console's language. */
export const lt = pageTranslator<LinkMessageKey>(zhCN, en);
