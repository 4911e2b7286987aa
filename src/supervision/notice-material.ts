// Notices and their answer photos as a case reads them: the notices module seen through the case's own interface.
import type { CaseMaterialSource } from './case-views.js';
import type { NoticeService } from './notices/index.js';

export function noticeMaterial(notices: NoticeService): CaseMaterialSource {
  return {
    notice: (id) => {
      const notice = notices.get(id);
      if (!notice) return undefined;
      const history = notices.store.steps(id).map((step) => ({
        at: step.at,
        what: `${step.action}: ${step.from ?? '—'} → ${step.to}${step.note ? `（${step.note}）` : ''}`,
        by: step.username,
      }));
      return { id, number: notice.number, enterpriseId: notice.enterpriseId, state: notice.state, history };
    },
    photo: (id) => {
      const photo = notices.store.photoById(id);
      const notice = photo && notices.get(photo.noticeId);
      if (!photo || !notice) return undefined;
      const { path, sha256, bytes, uploadedAt } = photo;
      return { id, enterpriseId: notice.enterpriseId, path, sha256, bytes, takenAt: uploadedAt };
    },
  };
}
