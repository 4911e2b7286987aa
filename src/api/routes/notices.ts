// Rectification notices at the API: listed and read in scope like cameras; issued, re-inspected, closed, re-issued
// and escalated by the agency's inspectors and admins; every step audited with the notice's branch and enterprise.
import { Router, type Request } from 'express';
import {
  NOTICE_AGENCY_ROLES,
  NoticeCloseInput,
  NoticeEscalateInput,
  NoticeIssueInput,
  NoticeListQuery,
  NoticeReinspectInput,
  NoticeReissueInput,
  type NoticeCounts,
  type NoticeList,
} from '../../contracts/index.js';
import { guardCamera, type OrgStore } from '../../org/index.js';
import {
  isOverdue,
  noticeSummary,
  noticeView,
  type NoticeRecord,
  type NoticeService,
} from '../../supervision/index.js';
import { audit, type AuditBus } from '../audit.js';
import { requireCaller } from '../auth.js';
import { ownedFor, requireRole } from '../camera-door.js';
import { VigilError } from '../../shared/errors.js';

export interface NoticeRoutesDeps {
  org: OrgStore;
  bus: AuditBus;
  notices: NoticeService;
}

/** What a notice step is called in its audit event type, and how its message reads. */
type Step = 'issued' | 'read' | 'answered' | 'reinspected' | 'closed' | 'reissued' | 'escalated';

/** The notice door of the API: finding a notice in scope, showing it, and auditing its steps. */
export function noticeDoor({ org, bus, notices }: NoticeRoutesDeps) {
  const { lookups } = notices;
  /** A notice is owned by its enterprise, in whichever branch supervises it now (as its cameras are). */
  const ownerOf = (notice: NoticeRecord) => ({
    orgUnitId: org.getEnterprise(notice.enterpriseId)?.orgUnitId ?? notice.orgUnitId,
    enterpriseId: notice.enterpriseId,
  });
  const noticeFor = (req: Request): NoticeRecord => {
    const notice = notices.get(String(req.params.id));
    return ownedFor(req, notice && { ...ownerOf(notice), notice }, 'notice').notice;
  };
  const viewFor = (req: Request, notice: NoticeRecord) => {
    const caller = requireCaller(req);
    return noticeView(
      notice,
      notices.store,
      lookups,
      { role: caller.role, enterprise: caller.scope.kind === 'enterprise' },
      notices.now(),
    );
  };
  const audited = (req: Request, notice: NoticeRecord, step: Step, data: Record<string, unknown> = {}): void => {
    const username = req.caller?.username ?? null;
    audit(bus, req, {
      type: `audit.notice.${step}`,
      message: `${username ?? ''} ${step} the rectification notice ${notice.number}`,
      ...ownerOf(notice),
      data: { username, noticeId: notice.id, number: notice.number, state: notice.state, ...data },
    });
  };
  const actor = (req: Request) => {
    const caller = requireCaller(req);
    return { userId: caller.userId, username: caller.username };
  };
  return { ownerOf, noticeFor, viewFor, audited, actor };
}

export function noticeRoutes(deps: NoticeRoutesDeps): Router {
  const { org, notices } = deps;
  const { lookups } = notices;
  const { ownerOf, noticeFor, viewFor, audited, actor } = noticeDoor(deps);
  const router = Router();
  const agencyOnly = (req: Request, action: string) => requireRole(req, NOTICE_AGENCY_ROLES, action);
  /** A deadline set now lies ahead (the demo's overdue notice is seeded below the API). */
  const ahead = (deadline: number): void => {
    if (deadline > notices.now()) return;
    throw new VigilError('VIGIL_VALIDATION', 'deadline: must be in the future', {
      details: [{ path: 'deadline', message: 'must be in the future' }],
    });
  };

  /** The notices the caller may see, newest first. */
  const visible = (req: Request, filter: Parameters<typeof notices.store.list>[0]) => {
    requireCaller(req);
    return notices.store.list(filter).filter((notice) => guardCamera(req.caller, ownerOf(notice), 'see').ok);
  };

  router.get('/notices', (req, res) => {
    const query = NoticeListQuery.parse(req.query);
    const now = notices.now();
    const found = visible(req, query).filter(
      (notice) => query.overdue === undefined || isOverdue(notice, now) === (query.overdue === 'true'),
    );
    const body: NoticeList = {
      notices: found.slice(0, query.limit).map((notice) => noticeSummary(notice, lookups, now)),
      total: found.length,
    };
    res.json(body);
  });

  router.get('/notices/summary', (req, res) => {
    const now = notices.now();
    const open = visible(req, {}).filter((notice) => !['closed', 'reissued', 'escalated'].includes(notice.state));
    const body: NoticeCounts = { open: open.length, overdue: open.filter((notice) => isOverdue(notice, now)).length };
    res.json(body);
  });

  router.post('/notices', (req, res) => {
    const input = NoticeIssueInput.parse(req.body);
    const enterprise = org.getEnterprise(input.enterpriseId);
    ownedFor(req, enterprise && { orgUnitId: enterprise.orgUnitId, enterpriseId: enterprise.id }, 'enterprise');
    agencyOnly(req, 'issue rectification notices');
    ahead(input.deadline);
    const notice = notices.issue(input, actor(req));
    audited(req, notice, 'issued', {
      deadline: new Date(notice.deadline).toISOString(),
      evidence: input.evidence?.length ?? 0,
    });
    res.status(201).json(viewFor(req, notice));
  });

  router.get('/notices/:id', (req, res) => {
    let notice = noticeFor(req);
    // The enterprise's first opening is its acknowledgement of receipt.
    if (req.caller?.role === 'enterprise' && notice.state === 'issued') {
      notice = notices.markRead(notice, actor(req));
      audited(req, notice, 'read');
    }
    res.json(viewFor(req, notice));
  });

  /** A step of the agency's: the notice found in scope, an inspector or admin, the step taken and audited. */
  const agencyStep = (
    action: 'reinspect' | 'close' | 'escalate',
    done: 'reinspected' | 'closed' | 'escalated',
    take: (req: Request, notice: NoticeRecord) => { notice: NoticeRecord; data?: Record<string, unknown> },
  ) =>
    router.post(`/notices/:id/${action}`, (req, res) => {
      const found = noticeFor(req);
      agencyOnly(req, `${action} rectification notices`);
      const { notice, data } = take(req, found);
      audited(req, notice, done, data);
      res.json(viewFor(req, notice));
    });

  agencyStep('reinspect', 'reinspected', (req, found) => {
    const input = NoticeReinspectInput.parse(req.body);
    const notice = notices.reinspect(found, input, actor(req));
    return { notice, data: { verdict: input.verdict, snapshotId: input.snapshotId ?? null } };
  });
  agencyStep('close', 'closed', (req, found) => ({
    notice: notices.close(found, NoticeCloseInput.parse(req.body ?? {}).note, actor(req)),
  }));
  agencyStep('escalate', 'escalated', (req, found) => ({
    notice: notices.escalate(found, NoticeEscalateInput.parse(req.body).note, actor(req)),
  }));

  router.post('/notices/:id/reissue', (req, res) => {
    const found = noticeFor(req);
    agencyOnly(req, 're-issue rectification notices');
    const input = NoticeReissueInput.parse(req.body);
    ahead(input.deadline);
    const { old, next } = notices.reissue(found, input, actor(req));
    audited(req, old, 'reissued', { nextId: next.id, nextNumber: next.number });
    audited(req, next, 'issued', { parentId: old.id, deadline: new Date(next.deadline).toISOString() });
    res.status(201).json(viewFor(req, next));
  });

  return router;
}
