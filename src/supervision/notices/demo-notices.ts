// The demo's notices, seeded with the demo province: one in each of the states a visitor should see (issued,
// answered, closed, and one past its deadline), numbered like any other.
import type { NoticeService } from './notice-service.js';

const DAY_MS = 86_400_000;

interface DemoNotice {
  enterpriseId: string;
  inspector: string;
  enterpriseAccount: string;
  finding: string;
  rule: string;
  /** Days from now to the deadline (negative: already past). */
  deadlineDays: number;
  until: 'issued' | 'answered' | 'closed';
}

const DEMO_NOTICES: readonly DemoNotice[] = [
  {
    enterpriseId: 'ent-xishan-meat',
    inspector: 'xishan-inspector',
    enterpriseAccount: 'xishan-meat-enterprise',
    finding: '分割车间操作人员未佩戴口罩和发帽，生熟工器具混放',
    rule: '《食品生产通用卫生规范》（GB 14881-2013）第6.3条',
    deadlineDays: 7,
    until: 'issued',
  },
  {
    enterpriseId: 'ent-xishan-meat',
    inspector: 'xishan-inspector',
    enterpriseAccount: 'xishan-meat-enterprise',
    finding: '冷库温度记录缺失三天，库内产品离地离墙距离不足',
    rule: '《食品生产通用卫生规范》（GB 14881-2013）第10.2条',
    deadlineDays: -2,
    until: 'issued',
  },
  {
    enterpriseId: 'ent-haixian',
    inspector: 'donggang-inspector',
    enterpriseAccount: 'haixian-enterprise',
    finding: '原料进厂口地面积水，排水沟未加盖',
    rule: '《食品生产通用卫生规范》（GB 14881-2013）第4.2条',
    deadlineDays: 5,
    until: 'answered',
  },
  {
    enterpriseId: 'ent-haixian',
    inspector: 'donggang-inspector',
    enterpriseAccount: 'haixian-enterprise',
    finding: '加工车间一线更衣室洗手消毒设施损坏',
    rule: '《食品生产通用卫生规范》（GB 14881-2013）第5.1.6条',
    deadlineDays: 3,
    until: 'closed',
  },
];

/**
 * Seeds the demo notices (on a first start with the demo on, after the demo province) of the demo enterprises this
 * hub holds: a federated demo's hubs each hold only part of the province. Returns how many were seeded.
 */
export function seedDemoNotices(notices: NoticeService): number {
  const now = notices.now();
  const here = DEMO_NOTICES.filter((demo) => notices.lookups.enterprise(demo.enterpriseId));
  for (const demo of here) {
    const inspector = { userId: null, username: demo.inspector };
    const enterprise = { userId: null, username: demo.enterpriseAccount };
    let notice = notices.issue(
      {
        enterpriseId: demo.enterpriseId,
        finding: demo.finding,
        rule: demo.rule,
        deadline: now + demo.deadlineDays * DAY_MS,
        internalNote: '演示数据：企业看不到此内部备注',
      },
      inspector,
    );
    if (demo.until === 'issued') continue;
    notice = notices.markRead(notice, enterprise);
    notice = notices.answer(notice, '已完成整改，详见附件说明。', [], enterprise);
    if (demo.until === 'answered') continue;
    notice = notices.reinspect(notice, { verdict: 'rectified', note: '实时画面复查，已整改到位' }, inspector);
    notices.close(notice, '整改完成，结案', inspector);
  }
  return here.length;
}
