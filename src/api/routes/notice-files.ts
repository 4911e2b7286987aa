// A notice's files: the enterprise's answer with photos (multipart), the photos served to those who see the notice,
// and the printed notice (PDF) in the reader's version.
import { existsSync } from 'node:fs';
import { Router } from 'express';
import { NOTICE_PHOTO_LIMITS } from '../../contracts/index.js';
import { noticePdf, resolveEvidence } from '../../supervision/index.js';
import { VigilError } from '../../shared/errors.js';
import { requireRole } from '../camera-door.js';
import { readUpload } from '../multipart.js';
import { noticeDoor, type NoticeRoutesDeps } from './notices.js';

const ANSWER_TEXT_MAX = 4000;

export function noticeFileRoutes(deps: NoticeRoutesDeps): Router {
  const { notices } = deps;
  const { dataDir } = notices;
  const { noticeFor, viewFor, audited, actor } = noticeDoor(deps);
  const router = Router();

  router.post('/notices/:id/answer', async (req, res) => {
    const found = noticeFor(req);
    requireRole(req, ['enterprise'], 'answer rectification notices');
    // Refused before the upload is read: a step the notice cannot take costs no bytes.
    notices.allowed(found, 'answer');
    const form = await readUpload(req, {
      field: 'photos',
      maxFiles: NOTICE_PHOTO_LIMITS.maxFiles,
      maxBytes: NOTICE_PHOTO_LIMITS.maxBytes,
    });
    const text = (form.fields.text ?? '').trim();
    if (!text || text.length > ANSWER_TEXT_MAX) {
      throw new VigilError('VIGIL_VALIDATION', `text: say what was rectified (1 to ${ANSWER_TEXT_MAX} characters)`, {
        details: [{ path: 'text', message: 'must not be empty' }],
      });
    }
    const notice = notices.answer(found, text, form.files, actor(req));
    audited(req, notice, 'answered', { photos: form.files.length });
    res.json(viewFor(req, notice));
  });

  router.get('/notices/:id/photos/:photoId', (req, res) => {
    const notice = noticeFor(req);
    const photo = notices.store.photo(notice.id, String(req.params.photoId));
    const file = photo && resolveEvidence(dataDir, photo.path);
    if (!photo || !file || !existsSync(file)) throw new VigilError('VIGIL_NOT_FOUND', 'No such photo');
    res.set({
      'Content-Type': photo.mime,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `inline; filename="${photo.id}.${photo.mime === 'image/png' ? 'png' : 'jpg'}"`,
      'Cache-Control': 'private, max-age=3600',
      'X-Content-SHA256': photo.sha256,
    });
    res.sendFile(file);
  });

  router.get('/notices/:id/pdf', async (req, res) => {
    const view = viewFor(req, noticeFor(req));
    const pdf = await noticePdf(view);
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="notice-${view.id}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
    res.send(pdf);
  });

  return router;
}
