// Case exports: a job making the case's folder, its status, one file of it, or the whole folder as one .tar; for
// inspectors and admins in scope only, as recorded footage is (operators and enterprise accounts are refused).
import { stat } from 'node:fs/promises';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { CaseExportJob } from '../../contracts/index.js';
import { writeTar, type CaseExportService, type CaseStore, type CaseViews } from '../../supervision/index.js';
import { VigilError } from '../../shared/errors.js';
import { audit, type AuditBus } from '../audit.js';
import { requireAgency } from '../auth.js';
import { ownedFor, requireRole } from '../camera-door.js';
import { CASE_WORKERS } from './cases.js';

export interface CaseExportRoutesDeps {
  bus: AuditBus;
  cases: CaseStore;
  views: CaseViews;
  exports: CaseExportService;
}

const FileQuery = z.object({ path: z.string().min(1).max(300) });

export function caseExportRoutes({ bus, cases, views, exports }: CaseExportRoutesDeps): Router {
  const router = Router();

  /** The case in scope, for a caller who may read its footage. */
  const caseOf = (req: Request) => {
    requireAgency(req);
    const record = cases.get(String(req.params.id));
    const owner = record && views.ownerOf(record);
    const owned = ownedFor(req, owner && record && { ...record, ...owner }, 'case');
    requireRole(req, CASE_WORKERS, 'export case evidence');
    return owned;
  };

  /** The export of the case in scope, with its case. */
  const jobOf = async (req: Request): Promise<{ job: CaseExportJob; record: ReturnType<typeof caseOf> }> => {
    const record = caseOf(req);
    const job = await exports.get(record.id, String(req.params.exportId));
    if (!job) throw new VigilError('VIGIL_NOT_FOUND', 'No such export of this case');
    return { job, record };
  };

  router.post('/cases/:id/export', (req, res) => {
    const record = caseOf(req);
    const caller = requireAgency(req);
    const job = exports.request(views.detail(record, cases.items(record.id)), caller.username);
    audit(bus, req, {
      type: 'audit.case.exported',
      message: `${caller.username} exported the case ${record.title} (${record.id})`,
      orgUnitId: record.orgUnitId,
      enterpriseId: record.enterpriseId,
      data: { username: caller.username, caseId: record.id, title: record.title, exportId: job.id },
    });
    res.status(202).json(job);
  });

  router.get('/cases/:id/exports/:exportId', async (req, res) => {
    res.json((await jobOf(req)).job);
  });

  router.get('/cases/:id/exports/:exportId/file', async (req, res) => {
    const { job } = await jobOf(req);
    const { path } = FileQuery.parse(req.query);
    const file = await exports.fileOf(job.caseId, job.id, path);
    if (!file) throw new VigilError('VIGIL_NOT_FOUND', 'No such file in the export');
    res.set('Cache-Control', 'private, no-store');
    res.sendFile(file);
  });

  router.get('/cases/:id/exports/:exportId/download', async (req, res) => {
    const { job, record } = await jobOf(req);
    if (job.state !== 'done') throw new VigilError('VIGIL_CONFLICT', 'The export is not finished yet');
    const names = [...job.files.map((file) => file.path), 'manifest.sha256'];
    const entries = await Promise.all(
      names.map(async (name) => {
        const path = (await exports.fileOf(job.caseId, job.id, name)) as string;
        const info = await stat(path);
        return { name: `${job.caseId}-${job.id}/${name}`, path, size: info.size, mtimeMs: info.mtimeMs };
      }),
    );
    const caller = requireAgency(req);
    audit(bus, req, {
      type: 'audit.case.downloaded',
      message: `${caller.username} downloaded the export ${job.id} of the case ${record.title} (${record.id})`,
      orgUnitId: record.orgUnitId,
      enterpriseId: record.enterpriseId,
      data: { username: caller.username, caseId: record.id, title: record.title, exportId: job.id },
    });
    const size = entries.reduce((sum, entry) => sum + 512 + Math.ceil(entry.size / 512) * 512, 1024);
    res.set({
      'Content-Type': 'application/x-tar',
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="${job.caseId}-${job.id}.tar"`,
      'Cache-Control': 'private, no-store',
    });
    await writeTar(res, entries);
    res.end();
  });

  return router;
}
