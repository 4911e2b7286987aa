// The supervision operations: enterprise profiles and closures.
import { ClosureInput, Closure, EnterpriseProfile, EnterpriseProfileInput } from '../../contracts/index.js';
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
];
