// Wire types of the organisation: org units, enterprises, production stages.
import { z } from 'zod';
import { PRODUCTION_STAGES } from './camera-values.js';
import { CREDIT_GRADES } from './org-values.js';

export { PRODUCTION_STAGES };
export const ProductionStage = z.enum(PRODUCTION_STAGES);
export type ProductionStage = z.infer<typeof ProductionStage>;

export { CREDIT_GRADES };
export const CreditGrade = z.enum(CREDIT_GRADES);
export type CreditGrade = z.infer<typeof CreditGrade>;

export const OrgUnitKind = z.enum(['center', 'branch']);
export type OrgUnitKind = z.infer<typeof OrgUnitKind>;

export const OrgUnit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: OrgUnitKind,
  name: z.string(),
  nameEn: z.string().nullable(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

export const Enterprise = z.object({
  id: z.string(),
  orgUnitId: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  licenceNo: z.string().nullable(),
  address: z.string().nullable(),
  contact: z.string().nullable(),
  creditGrade: CreditGrade,
});
export type Enterprise = z.infer<typeof Enterprise>;

/** An enterprise as a list of choices names it (a form's select): no grade. */
export type EnterpriseChoice = Omit<Enterprise, 'creditGrade'>;
