// Strings of a camera's image health (its verdict, check now, the reference picture), zh-CN first and English; they
// load with the camera list's chunk, not with the console's shell.
import { pageTranslator } from '../shared/i18n.js';

export const zhCN = {
  'image.verdict.ok': '画面正常',
  'image.verdict.black': '黑屏',
  'image.verdict.blurred': '模糊',
  'image.verdict.covered': '遮挡',
  'image.verdict.shifted': '偏移',
  'image.verdict.unavailable': '无画面',
  'image.verdict.none': '未检测',
  'image.col': '画面质量',
  'image.checkedAt': '检测于 {at}',
  'image.check': '立即检测',
  'image.reference': '设为基准画面',
  'image.referenceSet': '已将当前画面设为基准画面',
  'image.referenceConfirm': '将“{name}”的当前画面设为基准画面？此后画面与之不符将判为偏移。',
  'image.cancel': '取消',
};

export const en: Record<keyof typeof zhCN, string> = {
  'image.verdict.ok': 'Picture ok',
  'image.verdict.black': 'Black',
  'image.verdict.blurred': 'Blurred',
  'image.verdict.covered': 'Covered',
  'image.verdict.shifted': 'Shifted',
  'image.verdict.unavailable': 'No picture',
  'image.verdict.none': 'Not checked',
  'image.col': 'Picture',
  'image.checkedAt': 'Checked {at}',
  'image.check': 'Check now',
  'image.reference': 'Use as reference',
  'image.referenceSet': 'The current picture is now the reference view',
  'image.referenceConfirm':
    'Use the current picture of "{name}" as its reference view? A view that no longer matches it is flagged as shifted.',
  'image.cancel': 'Cancel',
};

export type ImageMessageKey = keyof typeof zhCN;

/** Image-health text in the console's language. */
export const ht = pageTranslator<ImageMessageKey>(zhCN, en);
