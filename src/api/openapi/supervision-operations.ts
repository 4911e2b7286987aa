// The supervision operations: enterprise profiles and closures.
import { z } from 'zod';
import {
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
];
