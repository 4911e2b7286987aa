// Event texts in the reader's language, made from each event's type and data: every type the hub writes has one in
// Chinese and in English, reasons and limits are said in words, and names come from the reader's side.
import { describe, expect, it } from 'vitest';
import { eventText, TEXTED_EVENT_TYPES, type EventForText } from '../../src/contracts/index.js';

const names = {
  camera: (id: string) => ({ 'cam-1': '原料进厂口' })[id],
  unit: (id: string) => ({ east: '东港分局' })[id],
};
const event = (type: string, data: Record<string, unknown> = {}): EventForText => ({
  type,
  message: 'the hub’s own English sentence',
  cameraId: 'cam-1',
  orgUnitId: 'east',
  data: { username: 'east-insp', ...data },
});
/** English words a Chinese text must not carry (names and codes such as SHA-256 or RTMP aside). */
const ENGLISH = /\b(the|is|was|of|to|started|stopped|failed|refused|camera|link|user|account|watching|recordings?)\b/i;

describe('event texts', () => {
  it('has a Chinese and an English text for every type it lists, neither of them the hub’s sentence', () => {
    for (const type of TEXTED_EVENT_TYPES) {
      const zh = eventText(event(type), 'zh-CN', names);
      const en = eventText(event(type), 'en', names);
      expect(zh, type).not.toBe(event(type).message);
      expect(zh, type).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, `${type}: ${zh}`).not.toMatch(ENGLISH);
      expect(en.replace(/原料进厂口|东港分局/g, ''), type).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('says why a camera is offline from the reason code, and which stream', () => {
    const offline = event('camera.offline', {
      stream: 'sub',
      reason: 'authentication failed',
      reasonCode: 'auth_failed',
    });
    expect(eventText(offline, 'zh-CN', names)).toBe('原料进厂口（子码流） 离线：认证失败（用户名或密码错误）');
    expect(eventText(offline, 'en', names)).toBe('原料进厂口 (sub stream) is offline: authentication failed');
    // An unknown code keeps the hub's words for the reason.
    const odd = event('camera.offline', { stream: 'main', reason: 'something new', reasonCode: 'new_code' });
    expect(eventText(odd, 'zh-CN', names)).toBe('原料进厂口 离线：something new');
  });

  it('names login failures, export limits and the branch link in the reader’s language', () => {
    const login = event('audit.login.failed', { username: 'who', reason: 'locked' });
    expect(eventText(login, 'zh-CN', names)).toBe('“who”登录失败：多次失败后已锁定');
    const refused = event('export.refused', { limit: 'user-daily-count', username: 'east-insp' });
    expect(eventText(refused, 'zh-CN', names)).toBe('east-insp 导出 原料进厂口 被拒绝：今日导出次数已达上限');
    const down = { ...event('federation.link.down'), cameraId: null };
    expect(eventText(down, 'zh-CN', names)).toBe('与 东港分局 的链路中断：其摄像机显示最后已知状态');
    expect(eventText(down, 'en', names)).toBe('The link to 东港分局 is down: its cameras are shown as last known');
  });

  it('keeps the hub’s sentence for a type it does not know, and ids for names it does not have', () => {
    expect(eventText(event('something.new'), 'zh-CN', names)).toBe('the hub’s own English sentence');
    const elsewhere = { ...event('audit.live.started', { stream: 'main' }), cameraId: 'cam-9' };
    expect(eventText(elsewhere, 'zh-CN', names)).toBe('east-insp 开始观看 cam-9');
  });
});
