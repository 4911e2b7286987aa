// Errors in the reader's language from their code and details: a full branch link, an unreachable branch, an export
// limit; anything else keeps the hub's message.
import { describe, expect, it } from 'vitest';
import { errorText, fieldProblemText } from '../../src/contracts/index.js';
import { LinkBudget } from '../../src/federation/link-budget.js';
import { isVigilError } from '../../src/shared/errors.js';

describe('error texts', () => {
  it('says how full a branch link is, from the refusal the link budget throws', () => {
    const link = new LinkBudget({ branchId: 'west', nameOf: () => '西分局', budgetKbps: 1600, headroom: 0.1 });
    for (const key of ['a', 'b', 'c']) link.admit(key, 420);
    let refusal: { code: string; message: string; details?: unknown } | undefined;
    try {
      link.admit('d', 420);
    } catch (error) {
      if (isVigilError(error)) refusal = { code: error.code, message: error.message, details: error.details };
    }
    expect(refusal && errorText(refusal, 'zh-CN')).toBe(
      '与 西分局 的链路已满：3 路占用 1.4 / 1.6 Mbit/s，本路需要 0.5 Mbit/s',
    );
    expect(refusal && errorText(refusal, 'en')).toBe(refusal?.message);
  });

  it('says why a live stream cannot play yet', () => {
    const queued = { code: 'VIGIL_UNAVAILABLE', message: 'x', details: { reason: 'camera_queued', waiting: 37 } };
    expect(errorText(queued, 'zh-CN')).toBe('摄像机正在排队启动：前面还有 37 路码流等待启动');
    const failing = {
      code: 'VIGIL_UNAVAILABLE',
      message: 'The camera is offline: authentication failed',
      details: { reason: 'camera_failing', status: 'offline', reasonCode: 'auth_failed' },
    };
    expect(errorText(failing, 'zh-CN')).toBe('摄像机离线：认证失败（用户名或密码错误）');
    expect(errorText(failing, 'en')).toBe(failing.message);
  });

  it('names an export limit and an unreachable branch in Chinese, and keeps any other message', () => {
    const limit = {
      code: 'VIGIL_QUOTA_EXCEEDED',
      message: 'Daily export limit',
      details: { limit: 'user-daily-count' },
    };
    expect(errorText(limit, 'zh-CN')).toBe('导出被拒绝：今日导出次数已达上限');
    const away = {
      code: 'VIGIL_UNAVAILABLE',
      message: 'x',
      details: { reason: 'branch_unreachable', branchId: 'east' },
    };
    expect(errorText(away, 'zh-CN')).toBe('分局平台 east 无法连接，请稍后再试');
    expect(errorText({ code: 'VIGIL_CONFLICT', message: 'The export is running, not ready' }, 'zh-CN')).toBe(
      'The export is running, not ready',
    );
  });

  it("words the hub's own field problems by their code, and keeps a message it has no code for", () => {
    const wrong = { message: 'is not your current password', code: 'wrong_password' };
    expect(fieldProblemText(wrong, 'zh-CN')).toBe('当前密码不正确');
    expect(fieldProblemText(wrong, 'en')).toBe('is not your current password');
    expect(fieldProblemText({ message: 'must be a string', code: 'unknown_code' }, 'zh-CN')).toBe('must be a string');
    expect(fieldProblemText({ message: '长度不能超过 100' }, 'zh-CN')).toBe('长度不能超过 100');
  });

  it('words conflicts and refusals by their reason in Chinese, with the facts they name, and keeps English as sent', () => {
    const taken = {
      code: 'VIGIL_CONFLICT',
      message: 'The licence number SC-1 is already registered to another enterprise',
      details: { reason: 'licence_taken', licenceNo: 'SC-1' },
    };
    expect(errorText(taken, 'zh-CN')).toBe('许可证编号 SC-1 已登记给其他企业');
    expect(errorText(taken, 'en')).toBe(taken.message);
    const full = {
      code: 'VIGIL_CONFLICT',
      message: 'x',
      details: { reason: 'unit_not_empty', enterprises: 2, users: 3 },
    };
    expect(errorText(full, 'zh-CN')).toBe('该分局还有 2 家企业和 3 个用户，请先移走或删除');
    const job = {
      code: 'VIGIL_CONFLICT',
      message: 'The export is running, not ready',
      details: { reason: 'job_state', state: 'running' },
    };
    expect(errorText(job, 'zh-CN')).toBe('任务当前状态为“进行中”');
    const canceled = {
      code: 'VIGIL_CONFLICT',
      message: 'The retrieval is canceled',
      details: { reason: 'job_state', state: 'canceled' },
    };
    expect(errorText(canceled, 'zh-CN')).toBe('任务当前状态为“已取消”');
    expect(errorText({ code: 'VIGIL_FORBIDDEN', message: 'y', details: { reason: 'not_in_scope' } }, 'zh-CN')).toBe(
      '该摄像机不在您的权限范围内',
    );
  });
});
