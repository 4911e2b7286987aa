// Texts of the PTZ pad of the live view, zh-CN first and English. They load with the pad's chunk: `ptzT` reads them
// in the console's current language.
import { pageTranslator } from '../shared/i18n.js';

export const zhCN = {
  'ptz.title': '云台控制',
  'ptz.up': '上',
  'ptz.down': '下',
  'ptz.left': '左',
  'ptz.right': '右',
  'ptz.upLeft': '左上',
  'ptz.upRight': '右上',
  'ptz.downLeft': '左下',
  'ptz.downRight': '右下',
  'ptz.zoomIn': '放大',
  'ptz.zoomOut': '缩小',
  'ptz.stop': '停止',
  'ptz.presets': '预置位',
  'ptz.noPresets': '暂无预置位',
  'ptz.goto': '转到',
  'ptz.presetName': '预置位名称',
  'ptz.savePreset': '保存当前位置',
  'ptz.removePreset': '删除预置位',
  'ptz.saved': '已保存预置位“{name}”',
  'ptz.steeredBy': '正在由 {name} 控制（还剩 {seconds} 秒）',
  'ptz.steeringSelf': '您正在控制（{seconds} 秒无操作后释放）',
  'ptz.release': '释放控制',
  'ptz.failed': '云台操作失败：{message}',
  'ptz.noRole': '您的角色只能查看，不能控制云台',
};

export const en: Record<keyof typeof zhCN, string> = {
  'ptz.title': 'PTZ',
  'ptz.up': 'Up',
  'ptz.down': 'Down',
  'ptz.left': 'Left',
  'ptz.right': 'Right',
  'ptz.upLeft': 'Up left',
  'ptz.upRight': 'Up right',
  'ptz.downLeft': 'Down left',
  'ptz.downRight': 'Down right',
  'ptz.zoomIn': 'Zoom in',
  'ptz.zoomOut': 'Zoom out',
  'ptz.stop': 'Stop',
  'ptz.presets': 'Presets',
  'ptz.noPresets': 'No presets yet',
  'ptz.goto': 'Go to',
  'ptz.presetName': 'Preset name',
  'ptz.savePreset': 'Save this position',
  'ptz.removePreset': 'Remove preset',
  'ptz.saved': 'Preset "{name}" saved',
  'ptz.steeredBy': 'Being steered by {name} ({seconds} s left)',
  'ptz.steeringSelf': 'You are steering (released after {seconds} s without a move)',
  'ptz.release': 'Release',
  'ptz.failed': 'PTZ failed: {message}',
  'ptz.noRole': 'Your role may watch but not steer',
};

export type PtzMessageKey = keyof typeof zhCN;

/** The PTZ pad's text in the console's language. */
export const ptzT = pageTranslator<PtzMessageKey>(zhCN, en);
