// Texts of the federation parts of the console (link health, retrieval), zh-CN first and English.

export const zhCN = {
  'nav.links': '链路',
  'playback.retrieved': '已调取到中心',
  'playback.retrieving': '正在调取',
  'playback.branchUnreachable': '分局平台无法连接：只显示已调取到中心的录像',
  'playback.retrieve': '调取到中心',
  'playback.retrieveHint':
    '将所选时间段的主码流录像从分局复制到中心存储（限速 {kbps} kbit/s，断线后续传，逐文件校验 SHA-256）',
  'playback.retrieveStart': '调取',
  'playback.retrieveQueued': '排队等待调取…',
  'playback.retrieveRunning': '正在调取… {percent}%（{kbps} kbit/s）',
  'playback.retrieveWaiting': '链路中断，恢复后自动续传（已完成 {percent}%）',
  'playback.retrieveDone': '调取完成：{files} 个文件，校验全部通过',
  'playback.retrieveFailed': '调取失败：{message}',
  'playback.retrieveCanceled': '调取已取消',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'nav.links': 'Links',
  'playback.retrieved': 'Retrieved to the center',
  'playback.retrieving': 'Being retrieved',
  'playback.branchUnreachable': 'The branch hub is unreachable: only footage retrieved to the center is shown',
  'playback.retrieve': 'Retrieve to the center',
  'playback.retrieveHint':
    "Copies the selected interval of the main stream from the branch into the center's storage (at most {kbps} kbit/s, resumed after a line drop, each file checked by SHA-256)",
  'playback.retrieveStart': 'Retrieve',
  'playback.retrieveQueued': 'Waiting to retrieve…',
  'playback.retrieveRunning': 'Retrieving… {percent}% ({kbps} kbit/s)',
  'playback.retrieveWaiting': 'The link is down: retrieval resumes when it is back ({percent}% done)',
  'playback.retrieveDone': 'Retrieved: {files} file(s), every hash checked',
  'playback.retrieveFailed': 'Retrieval failed: {message}',
  'playback.retrieveCanceled': 'Retrieval canceled',
} as const;
