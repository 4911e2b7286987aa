// Wire types of the hub's own state: health and the org tree the console shows.
import { z } from 'zod';
import { CameraSummary } from './cameras.js';
import { Enterprise, OrgUnit } from './org.js';

export const Healthz = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number(),
  ffmpeg: z.object({ version: z.string(), origin: z.string() }),
  cameras: z.object({ total: z.number(), online: z.number() }),
});
export type Healthz = z.infer<typeof Healthz>;

/** An enterprise in the tree; its credit grade is null for the enterprise's own accounts (they never see it). */
export const OrgTreeEnterprise = Enterprise.extend({
  creditGrade: Enterprise.shape.creditGrade.nullable(),
  cameras: z.array(CameraSummary),
});
export const OrgTreeUnit = OrgUnit.extend({ enterprises: z.array(OrgTreeEnterprise) });
export const OrgTree = z.object({ units: z.array(OrgTreeUnit) });
export type OrgTree = z.infer<typeof OrgTree>;
export type OrgTreeUnit = z.infer<typeof OrgTreeUnit>;
export type OrgTreeEnterprise = z.infer<typeof OrgTreeEnterprise>;

export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;
