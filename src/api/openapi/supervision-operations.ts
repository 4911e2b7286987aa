// The supervision operations: enterprise profiles and closures, evidence snapshots, patrols.
import { z } from 'zod';
import {
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
} from '../../contracts/index.js';
import { list, op, type Operation } from './operation.js';

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
];
