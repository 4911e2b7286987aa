// The admin API client: org units, enterprises and users within the logged-in admin's reach.
import type {
  AdminEnterprise,
  AdminOrgUnit,
  AdminUser,
  EnterpriseInput,
  OrgUnitInput,
  UserInput,
  UserPatch,
} from '../../../src/contracts/index.js';
import { request } from '../shared/api.js';

const body = async <T>(promise: Promise<T | null>): Promise<T> => (await promise) as T;
const path = (kind: string, id?: string, action?: string): string =>
  `/api/admin/${kind}${id ? `/${encodeURIComponent(id)}` : ''}${action ? `/${action}` : ''}`;

export const adminApi = {
  units: async (): Promise<AdminOrgUnit[]> => (await body(request<{ units: AdminOrgUnit[] }>(path('org-units')))).units,
  createUnit: (input: OrgUnitInput) => request(path('org-units'), { method: 'POST', body: input }),
  updateUnit: (id: string, input: Partial<OrgUnitInput>) =>
    request(path('org-units', id), { method: 'PATCH', body: input }),
  deleteUnit: (id: string) => request(path('org-units', id), { method: 'DELETE' }),

  enterprises: async (): Promise<AdminEnterprise[]> =>
    (await body(request<{ enterprises: AdminEnterprise[] }>(path('enterprises')))).enterprises,
  createEnterprise: (input: EnterpriseInput) => request(path('enterprises'), { method: 'POST', body: input }),
  updateEnterprise: (id: string, input: Partial<EnterpriseInput>) =>
    request(path('enterprises', id), { method: 'PATCH', body: input }),
  deleteEnterprise: (id: string) => request(path('enterprises', id), { method: 'DELETE' }),

  users: async (): Promise<AdminUser[]> => (await body(request<{ users: AdminUser[] }>(path('users')))).users,
  createUser: (input: UserInput) => request(path('users'), { method: 'POST', body: input }),
  updateUser: (id: string, input: UserPatch) => request(path('users', id), { method: 'PATCH', body: input }),
  resetPassword: (id: string, password: string) =>
    request(path('users', id, 'password'), { method: 'POST', body: { password } }),
  unlockUser: (id: string) => request(path('users', id, 'unlock'), { method: 'POST' }),
  deleteUser: (id: string) => request(path('users', id), { method: 'DELETE' }),
};
