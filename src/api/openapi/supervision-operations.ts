// The supervision operations: enterprise profiles and closures, evidence snapshots, evidence cases.
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
