// The cases page's form labels: the console's forms take their labels from the shell's dictionary (shared/i18n.ts),
// so these few travel with the shell; the rest of the page's texts load with its chunk.
export const zhCN = {
  'cases.new': '新建案件',
  'cases.enterprise': '企业',
  'cases.caseTitle': '案件名称',
  'cases.summary': '调查结论',
  'cases.releaseReason': '解除原因',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'cases.new': 'New case',
  'cases.enterprise': 'Enterprise',
  'cases.caseTitle': 'Title',
  'cases.summary': 'Findings',
  'cases.releaseReason': 'Reason for release',
};
