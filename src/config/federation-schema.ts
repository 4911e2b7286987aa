// Configuration of the federation: standalone, a branch hub under a center, or the center hub over its branches.
import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
/** Branch ids become NATS subject tokens and JetStream domains: letters, digits, '-' and '_' only. */
const branchId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, "-" and "_" only (1–40): it names NATS subjects and domains');
const secret = z.string().min(12, 'at least 12 characters');

export const NatsConfig = z
  .strictObject({
    embedded: z
      .boolean()
      .default(true)
      .describe('Start and supervise nats-server as a child of the hub; false: connect to `url`, run by the operator.'),
    serverPath: z
      .string()
      .min(1)
      .default('nats-server')
      .describe('The nats-server binary (Debian package nats-server).'),
    url: z
      .string()
      .min(1)
      .optional()
      .describe('Client URL of an operator-run nats-server (with embedded: false), e.g. nats://127.0.0.1:4222.'),
    user: z.string().min(1).optional().describe('User of the hub on an operator-run nats-server.'),
    password: z.string().min(1).optional().describe('Password of that user.'),
    port: port
      .default(4222)
      .describe('Client port of the embedded nats-server, on 127.0.0.1 only (0 = any free port).'),
  })
  .describe('The NATS server the hub talks to.');

export const LeafConfig = z
  .strictObject({
    host: z.string().min(1).default('0.0.0.0').describe('Address the center takes leaf connections on.'),
    port: port.default(7422).describe('Port the center takes leaf connections on (branches dial out to it).'),
  })
  .describe("Center only: where the branches' nats-servers connect as leaf nodes.");

export const BranchLinkConfig = z
  .strictObject({
    id: branchId.describe("The branch's id: its org unit id at the branch and its NATS name."),
    password: secret.describe('The password this branch authenticates its leaf connection with.'),
    lineKbps: z.number().positive().default(2000).describe('Line rate of the WAN link to this branch, kbit/s.'),
  })
  .describe('A branch the center accepts.');

export const FederationConfig = z
  .strictObject({
    role: z
      .enum(['standalone', 'branch', 'center'])
      .default('standalone')
      .describe('standalone: one hub alone; branch: a hub under a center; center: the hub that federates branches.'),
    branchId: branchId
      .optional()
      .describe('Branch only: the org unit this hub serves, the same id the center lists under `branches`.'),
    centerUrl: z
      .string()
      .regex(/^nats-leaf:\/\/[^/@\s]+$/, 'nats-leaf://host:port, without credentials (they go in centerPassword)')
      .optional()
      .describe("Branch only: the center's leaf address, e.g. nats-leaf://center.example:7422 (dialled out)."),
    centerPassword: secret.optional().describe('Branch only: the password the center gave this branch.'),
    branches: z.array(BranchLinkConfig).default([]).describe('Center only: the branches it accepts.'),
    leaf: LeafConfig.prefault({}),
    nats: NatsConfig.prefault({}),
    heartbeatSeconds: z.number().min(0.2).max(60).default(2).describe('How often a branch says it is alive.'),
    leaseSeconds: z
      .number()
      .min(2)
      .max(60)
      .default(10)
      .describe('A branch stops sending a live stream the center has not renewed for this long (a crashed center).'),
    lingerSeconds: z
      .number()
      .min(1)
      .max(60)
      .default(10)
      .describe(
        "After the center's last viewer of a branch camera leaves, its WAN stream is released after this long.",
      ),
    budgetShare: z
      .number()
      .gt(0)
      .max(1)
      .default(0.75)
      .describe(
        "Share of each branch line's rate that live streams and playback may use; an open beyond it is refused.",
      ),
    retrievalKbps: z
      .number()
      .positive()
      .default(1000)
      .describe(
        'Most a retrieval of branch footage into the center may use of its link; it gets only what live and ' +
          'playback leave of the budget.',
      ),
    headroom: z
      .number()
      .min(0)
      .max(2)
      .default(0.1)
      .describe('Added to a stream bitrate for its reservation on the link (keyframe bursts, framing).'),
    estimateKbps: z
      .strictObject({
        main: z.number().positive().default(2048).describe('Assumed bitrate of a main stream before it is measured.'),
        sub: z.number().positive().default(512).describe('Assumed bitrate of a sub stream before it is measured.'),
      })
      .prefault({})
      .describe('What a stream reserves on its link at least, before headroom; more when it measures higher.'),
    staleAfterSeconds: z
      .number()
      .min(1)
      .max(600)
      .default(6)
      .describe('Without a heartbeat this long the center marks a branch unreachable and its catalog stale.'),
  })
  .superRefine((value, context) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) context.addIssue({ code: 'custom', path: [path], message });
    };
    if (value.role === 'branch') {
      need(value.branchId !== undefined, 'branchId', 'a branch hub needs branchId');
      need(value.centerUrl !== undefined, 'centerUrl', 'a branch hub needs centerUrl');
      need(value.centerPassword !== undefined, 'centerPassword', 'a branch hub needs centerPassword');
    }
    const ids = value.branches.map((branch) => branch.id);
    need(new Set(ids).size === ids.length, 'branches', 'each branch id once');
    if (!value.nats.embedded) need(value.nats.url !== undefined, 'nats', 'an operator-run nats-server needs nats.url');
  })
  .describe('Federation of branch hubs under a center hub, over NATS leaf nodes.');

export type FederationConfig = z.infer<typeof FederationConfig>;
