// Recorded footage at the HTTP edge: the camera guard for playback and export, and the audit events of both.
import type { Request } from 'express';
import type { DomainEvent } from '../events/index.js';
import { guardCamera, type CameraRecord } from '../org/index.js';
import type { PlaybackRouterOptions, ViewSubject } from '../playback/index.js';
import { requireCaller } from './auth.js';

export interface PlaybackAccessDeps {
  cameras: { get(cameraId: string): CameraRecord | undefined };
  events: { publish(event: DomainEvent): void };
}

export type PlaybackAccess = Required<Pick<PlaybackRouterOptions, 'guard' | 'audit' | 'userOf' | 'usernameOf'>>;

const span = (fromMs: number, toMs: number): string =>
  `${new Date(fromMs).toISOString()} – ${new Date(toMs).toISOString()}`;

const because = (reason: string | null): string => (reason ? ` (reason: ${reason})` : '');

/** The audit event type and the words of each kind of view. */
function describe(subject: ViewSubject, name: string): { type: `audit.${string}`; what: string } {
  const when = span(subject.fromMs, subject.toMs);
  if (subject.kind === 'range') return { type: 'audit.playback', what: `played back ${name} for ${when}` };
  if (subject.kind === 'file') {
    return { type: 'audit.playback', what: `read recording file ${subject.fileId} of ${name} (${when})` };
  }
  return { type: 'audit.export.downloaded', what: `downloaded export ${subject.exportId} of ${name} (${when})` };
}

export function playbackAccess(deps: PlaybackAccessDeps): PlaybackAccess {
  /** The actor and the camera's unit, as every audit event carries them. */
  const actor = (req: Request, cameraId: string) => {
    const caller = requireCaller(req);
    const camera = deps.cameras.get(cameraId);
    return {
      caller,
      name: camera?.name ?? cameraId,
      fields: {
        userId: caller.userId,
        cameraId,
        orgUnitId: camera?.orgUnitId ?? null,
        enterpriseId: camera?.enterpriseId ?? null,
        ip: req.ip ?? null,
      },
    };
  };

  return {
    // The one camera guard, for the recorded use; `null`: a door that names no camera (login and role only).
    guard: (req, cameraId) => {
      const reach = guardCamera(req.caller, cameraId === null ? null : deps.cameras.get(cameraId), 'recorded');
      return reach.ok ? undefined : reach.refusal;
    },
    userOf: (req) => req.caller?.userId ?? null,
    usernameOf: (req) => req.caller?.username ?? null,
    audit: {
      viewed: (req, { subject, reason }) => {
        const { caller, name, fields } = actor(req, subject.cameraId);
        const { type, what } = describe(subject, name);
        deps.events.publish({
          type,
          severity: 'info',
          message: `${caller.username} ${what}${because(reason)}`,
          ...fields,
          data: {
            username: caller.username,
            from: new Date(subject.fromMs).toISOString(),
            to: new Date(subject.toMs).toISOString(),
            reason,
            ...(subject.kind === 'file' ? { fileId: subject.fileId } : {}),
            ...(subject.kind === 'export' ? { exportId: subject.exportId } : {}),
          },
        });
      },
      exported: (req, job, reason) => {
        const { caller, name, fields } = actor(req, job.cameraId);
        deps.events.publish({
          type: 'audit.export.created',
          severity: 'info',
          message: `${caller.username} exported ${name} for ${span(job.fromMs, job.toMs)}${because(reason)}`,
          ...fields,
          data: {
            username: caller.username,
            exportId: job.id,
            from: new Date(job.fromMs).toISOString(),
            to: new Date(job.toMs).toISOString(),
            reason,
          },
        });
      },
      retrieved: (req, job, reason) => {
        const { caller, name, fields } = actor(req, job.cameraId);
        const fromMs = Date.parse(job.from);
        const toMs = Date.parse(job.to);
        deps.events.publish({
          type: 'audit.retrieval.created',
          severity: 'info',
          message: `${caller.username} retrieved ${name} for ${span(fromMs, toMs)} from its branch${because(reason)}`,
          ...fields,
          data: { username: caller.username, retrievalId: job.id, from: job.from, to: job.to, reason },
        });
      },
    },
  };
}
