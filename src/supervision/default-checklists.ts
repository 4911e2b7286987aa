// The built-in checklist of each production stage, until an admin saves the agency's own.
import type { ChecklistItem, ProductionStage } from '../contracts/index.js';

const item = (key: string, text: string, textEn: string): ChecklistItem => ({ key, text, textEn });

export const DEFAULT_CHECKLISTS: Readonly<Record<ProductionStage, ChecklistItem[]>> = {
  raw_material_intake: [
    item('raw-off-floor', '原料离地存放，不直接接触地面', 'Raw material kept off the floor'),
    item('raw-labelled', '原料有标识和进货查验记录', 'Raw material labelled and its intake checked'),
    item('vehicle-clean', '运输车辆和装卸区清洁', 'Delivery vehicles and the dock are clean'),
  ],
  processing: [
    item('caps-masks', '工作人员规范佩戴工作帽和口罩', 'Workers wear caps and masks'),
    item('surfaces-clean', '操作台面清洁、无杂物', 'Work surfaces clean and clear'),
    item('raw-cooked-apart', '生熟分开，无交叉污染', 'Raw and cooked kept apart'),
  ],
  staff_entrance: [
    item('change-wash', '人员更衣、洗手消毒后进入车间', 'Staff change, wash and disinfect before entering'),
    item('no-outsiders', '无关人员不进入生产区', 'No unauthorised people enter the production area'),
  ],
  product_testing: [
    item('test-procedure', '检验人员按规程操作并记录', 'Testers follow the procedure and record results'),
    item('samples-labelled', '样品标识清楚、留样规范', 'Samples labelled and retained properly'),
  ],
  packaging: [
    item('materials-stored', '包装材料离地离墙存放', 'Packaging materials kept off the floor and walls'),
    item('gloves', '包装人员佩戴手套和口罩', 'Packers wear gloves and masks'),
  ],
  storage: [
    item('cold-store-closed', '冷库门保持关闭', 'Cold store door kept closed'),
    item('off-floor-walls', '产品离地离墙、分类存放', 'Products off the floor and walls, sorted'),
    item('temperature-log', '温度显示和记录正常', 'Temperature display and log in order'),
  ],
  other: [item('site-tidy', '现场整洁有序', 'The site is clean and orderly')],
};
