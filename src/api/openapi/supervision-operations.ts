// The supervision operations: enterprise profiles and closures, evidence snapshots, patrols, rectification notices,
// evidence cases.
import { z } from 'zod';
import {
  CaseDetail,
  CaseExportJob,
  CaseInput,
  CaseItem,
  CaseItemInput,
  CaseList,
  CaseReleaseInput,
  ClosureInput,
  Closure,
  EnterpriseProfile,
  EnterpriseProfileInput,
  EvidenceSnapshot,
  ChecklistTemplate,
  ChecklistTemplateInput,
  PatrolPlan,
  PatrolPlanInput,
  PatrolPoint,
  PatrolPointsInput,
  PatrolRecord,
  PatrolRecordInput,
  PatrolTask,
  PatrolTaskQuery,
  NoticeCloseInput,
  NoticeCounts,
  NoticeEscalateInput,
  NoticeIssueInput,
  NoticeList,
  NoticeListQuery,
  NoticeReinspectInput,
  NoticeReissueInput,
  NoticeView,
} from '../../contracts/index.js';
import { list, op, type Operation } from './operation.js';

/** A rectification notice's routes: in scope like cameras; steps by role and state (409 when the state forbids). */
const NOTICE_OPERATIONS: readonly Operation[] = [
  op('get', '/api/notices', 'notices', 'session', 'Rectification notices in scope, newest first', {
    query: NoticeListQuery,
    answer: NoticeList,
  }),
  op('get', '/api/notices/summary', 'notices', 'session', 'Open and overdue notices in scope (the console badge)', {
    answer: NoticeCounts,
  }),
  op('post', '/api/notices', 'notices', 'session', 'Issue a notice (inspectors and admins)', {
    body: NoticeIssueInput,
    status: 201,
    answer: NoticeView,
  }),
  op('get', '/api/notices/{id}', 'notices', 'session', 'A notice (its enterprise’s first reading marks it read)', {
    answer: NoticeView,
  }),
  op(
    'post',
    '/api/notices/{id}/answer',
    'notices',
    'session',
    'Answer with text and up to 5 JPEG/PNG photos of ≤ 5 MB (the enterprise)',
    {
      body: z.object({ text: z.string(), photos: z.array(z.string().describe('a JPEG or PNG file')).max(5) }),
      bodyType: 'multipart/form-data',
      answer: NoticeView,
    },
  ),
  op('post', '/api/notices/{id}/reinspect', 'notices', 'session', 'Record a re-inspection (inspectors and admins)', {
    body: NoticeReinspectInput,
    answer: NoticeView,
  }),
  op('post', '/api/notices/{id}/close', 'notices', 'session', 'Close a rectified notice (inspectors and admins)', {
    body: NoticeCloseInput,
    answer: NoticeView,
  }),
  op('post', '/api/notices/{id}/reissue', 'notices', 'session', 'Re-issue with a new number and deadline', {
    body: NoticeReissueInput,
    status: 201,
    answer: NoticeView,
  }),
  op('post', '/api/notices/{id}/escalate', 'notices', 'session', 'Escalate to an on-site inspection', {
    body: NoticeEscalateInput,
    answer: NoticeView,
  }),
  op('get', '/api/notices/{id}/photos/{photoId}', 'notices', 'session', 'An answer photo', {
    answer: { type: 'image/jpeg', description: 'the photo as uploaded (JPEG or PNG, by its stored type)' },
  }),
  op(
    'get',
    '/api/notices/{id}/pdf',
    'notices',
    'session',
    'The notice as a PDF (整改通知书), in the reader’s version',
    {
      answer: { type: 'application/pdf', description: 'the printed notice with Chinese text' },
    },
  ),
];

export const SUPERVISION_OPERATIONS: readonly Operation[] = [
  op('get', '/api/enterprises/{id}/profile', 'supervision', 'session', 'An enterprise’s supervision profile', {
    answer: EnterpriseProfile,
  }),
  op('put', '/api/enterprises/{id}/profile', 'supervision', 'session', 'Set the profile (admins and inspectors)', {
    body: EnterpriseProfileInput,
    answer: EnterpriseProfile,
  }),
  op('post', '/api/enterprises/{id}/closures', 'supervision', 'session', 'Declare a day without production', {
    body: ClosureInput,
    status: 201,
    answer: list('closures', Closure),
  }),
  op('delete', '/api/enterprises/{id}/closures/{day}', 'supervision', 'session', 'Withdraw a declared closure', {
    status: 204,
  }),
  op('post', '/api/cameras/{id}/evidence-snapshots', 'supervision', 'session', 'Take an evidence snapshot', {
    status: 201,
    answer: EvidenceSnapshot,
  }),
  op('get', '/api/evidence/snapshots/{id}', 'supervision', 'session', 'An evidence snapshot', {
    answer: EvidenceSnapshot,
  }),
  op('get', '/api/evidence/snapshots/{id}.jpg', 'supervision', 'session', 'Its JPEG', {
    answer: { type: 'image/jpeg', description: 'the stored still, byte for byte' },
  }),
  op('get', '/api/evidence/snapshots/{id}/verify', 'supervision', 'session', 'Re-hash the stored file', {
    answer: z.object({ ok: z.boolean(), recorded: z.string(), now: z.string() }),
  }),

  op('get', '/api/patrol/plans', 'patrol', 'session', 'Patrol plans of the branches in scope (agency staff)', {
    answer: list('plans', PatrolPlan),
  }),
  op('post', '/api/patrol/plans', 'patrol', 'admin', 'Set a branch’s patrol plan', {
    body: PatrolPlanInput,
    answer: PatrolPlan,
  }),
  op('get', '/api/patrol/templates', 'patrol', 'session', 'Checklist templates per stage (agency staff)', {
    answer: list('templates', ChecklistTemplate),
  }),
  op('put', '/api/patrol/templates/{stage}', 'patrol', 'admin', 'Set a stage’s checklist (center admins)', {
    body: ChecklistTemplateInput,
    answer: ChecklistTemplate,
  }),
  op('get', '/api/patrol/tasks', 'patrol', 'session', 'Patrol tasks in scope, open first (agency staff)', {
    query: PatrolTaskQuery,
    answer: list('tasks', PatrolTask),
  }),
  op('get', '/api/patrol/enterprises/{id}/points', 'patrol', 'session', 'An enterprise’s patrol points', {
    answer: list('points', PatrolPoint),
  }),
  op('put', '/api/patrol/enterprises/{id}/points', 'patrol', 'admin', 'Set an enterprise’s patrol points', {
    body: PatrolPointsInput,
    answer: list('points', PatrolPoint),
  }),
  op('post', '/api/patrol/records', 'patrol', 'session', 'Record a patrol (inspectors and admins)', {
    body: PatrolRecordInput,
    status: 201,
    answer: PatrolRecord,
  }),
  op('get', '/api/patrol/records', 'patrol', 'session', 'Patrol records in scope, newest first', {
    query: z.object({ enterpriseId: z.string().optional() }),
    answer: list('records', PatrolRecord),
  }),
  op('get', '/api/patrol/records/{id}', 'patrol', 'session', 'A patrol record', { answer: PatrolRecord }),
  ...NOTICE_OPERATIONS,
  op('get', '/api/cases', 'cases', 'session', 'Evidence cases in scope (the agency’s staff only)', {
    answer: CaseList,
  }),
  op('post', '/api/cases', 'cases', 'session', 'Open a case about an enterprise (inspectors and admins)', {
    body: CaseInput,
    status: 201,
    answer: CaseDetail,
  }),
  op('get', '/api/cases/{id}', 'cases', 'session', 'A case with its items and the space its lock holds', {
    answer: CaseDetail,
  }),
  op('post', '/api/cases/{id}/items', 'cases', 'session', 'Add a clip, snapshot, notice or photo of its enterprise', {
    body: CaseItemInput,
    status: 201,
    answer: CaseItem,
  }),
  op('delete', '/api/cases/{id}/items/{itemId}', 'cases', 'session', 'Remove an item (not while locked)', {
    status: 204,
  }),
  op('post', '/api/cases/{id}/lock', 'cases', 'session', 'Lock its footage against retention', {
    answer: CaseDetail,
  }),
  op('post', '/api/cases/{id}/release', 'cases', 'session', 'Release the lock, with a reason (admins)', {
    body: CaseReleaseInput,
    answer: CaseDetail,
  }),
  op('post', '/api/cases/{id}/export', 'cases', 'recorded', 'Export the case into one folder (a job)', {
    status: 202,
    answer: CaseExportJob,
  }),
  op('get', '/api/cases/{id}/exports/{exportId}', 'cases', 'recorded', 'An export’s progress and files', {
    answer: CaseExportJob,
  }),
  op('get', '/api/cases/{id}/exports/{exportId}/file', 'cases', 'recorded', 'One file of a finished export', {
    query: z.object({ path: z.string().describe('as the export lists it, e.g. clips/01-cam-2026….mp4') }),
    answer: { type: 'application/octet-stream', description: 'the file, byte for byte' },
  }),
  op('get', '/api/cases/{id}/exports/{exportId}/download', 'cases', 'recorded', 'The whole folder as one tar', {
    answer: { type: 'application/x-tar', description: 'clips/, snapshots/, photos/, report.pdf, manifest.sha256' },
  }),
];
