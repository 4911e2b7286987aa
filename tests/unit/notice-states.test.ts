// The notice state machine: every step from every state, legal ones moving on and recorded, illegal ones refused
// with a 409 the console words; which steps each role is offered.
import { describe, expect, it } from 'vitest';
import {
  errorText,
  NOTICE_ACTIONS,
  NOTICE_STATES,
  NOTICE_TRANSITIONS,
  noticeActionsFor,
  type NoticeAction,
  type NoticeState,
} from '../../src/contracts/index.js';
import { openDatabase } from '../../src/db/index.js';
import type { NoticeRecord } from '../../src/supervision/index.js';
import { isVigilError } from '../../src/shared/errors.js';
import { noticeProvince, noticeService } from '../support/notice-province.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const db = openDatabase(noticeProvince(dir, 'states'));
const notices = noticeService(db, dir);
const by = { userId: null, username: 'insp' };

/** A fresh notice put straight into `state` (with a rectified re-inspection when it is `reinspected`). */
function noticeIn(state: NoticeState): NoticeRecord {
  const notice = notices.issue({ enterpriseId: 'e-dg', finding: 'f', rule: 'r', deadline: Date.now() + 1000 }, by);
  db.prepare('UPDATE notices SET state = ? WHERE id = ?').run(state, notice.id);
  if (state === 'reinspected')
    notices.store.addStep(notice.id, {
      action: 'reinspect',
      from: 'answered',
      to: 'reinspected',
      by,
      at: 1,
      note: 'ok',
      verdict: 'rectified',
      snapshotId: null,
    });
  return notices.get(notice.id) as NoticeRecord;
}

function take(action: NoticeAction, notice: NoticeRecord): NoticeRecord {
  switch (action) {
    case 'read':
      return notices.markRead(notice, by);
    case 'answer':
      return notices.answer(notice, '已整改', [], by);
    case 'reinspect':
      return notices.reinspect(notice, { verdict: 'rectified', note: 'ok' }, by);
    case 'close':
      return notices.close(notice, undefined, by);
    case 'reissue':
      return notices.reissue(notice, { deadline: Date.now() + 1000 }, by).old;
    case 'escalate':
      return notices.escalate(notice, 'on site', by);
  }
}

describe('the notice state machine', () => {
  for (const state of NOTICE_STATES) {
    for (const action of NOTICE_ACTIONS) {
      const legal = NOTICE_TRANSITIONS[action].from.includes(state);
      it(`${action} from ${state}: ${legal ? `→ ${NOTICE_TRANSITIONS[action].to}` : 'refused'}`, () => {
        const notice = noticeIn(state);
        const steps = notices.store.steps(notice.id).length;
        if (action === 'read' && !legal) {
          // Opening a notice again is no step: nothing changes, nothing is refused.
          expect(take(action, notice).state).toBe(state);
          return;
        }
        if (legal) {
          const moved = take(action, notice);
          expect(moved.state).toBe(NOTICE_TRANSITIONS[action].to);
          const last = notices.store.steps(notice.id).at(-1);
          expect(last).toMatchObject({ action, from: state, to: moved.state, username: 'insp' });
          expect(notices.store.steps(notice.id)).toHaveLength(steps + 1);
          return;
        }
        let refusal: unknown;
        try {
          take(action, notice);
        } catch (error) {
          refusal = error;
        }
        expect(isVigilError(refusal) && refusal.status).toBe(409);
        const details = (refusal as { details: Record<string, unknown> }).details;
        expect(details).toEqual({ reason: 'notice_state', state, action });
        expect(errorText({ code: 'VIGIL_CONFLICT', message: '', details }, 'zh-CN')).toMatch(/该整改通知当前状态为/);
        expect(notices.get(notice.id)?.state).toBe(state);
        expect(notices.store.steps(notice.id)).toHaveLength(steps);
      });
    }
  }

  it('closes only what its re-inspection found rectified', () => {
    const notice = noticeIn('answered');
    const checked = notices.reinspect(notice, { verdict: 'not_rectified', note: '仍有积水' }, by);
    expect(() => notices.close(checked, undefined, by)).toThrow(/not rectified/);
    const { old, next } = notices.reissue(checked, { deadline: Date.now() + 5000, finding: '再次发现' }, by);
    expect(old.state).toBe('reissued');
    expect(next).toMatchObject({ state: 'issued', parentId: old.id, finding: '再次发现' });
  });

  it('offers each role only its own steps: operators and unknown roles none', () => {
    expect(noticeActionsFor('issued', 'enterprise')).toEqual(['answer']);
    expect(noticeActionsFor('issued', 'inspector')).toEqual(['escalate']);
    expect(noticeActionsFor('answered', 'admin')).toEqual(['reinspect', 'escalate']);
    expect(noticeActionsFor('reinspected', 'inspector')).toEqual(['close', 'reissue', 'escalate']);
    expect(noticeActionsFor('answered', 'enterprise')).toEqual([]);
    for (const state of NOTICE_STATES) {
      expect(noticeActionsFor(state, 'operator')).toEqual([]);
      expect(noticeActionsFor(state, 'auditor')).toEqual([]);
    }
  });
});
