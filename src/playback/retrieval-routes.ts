// HTTP edge of retrievals: another hub's footage of a camera fetched into this hub's storage, as jobs the caller may
// list, follow and cancel; each job is scoped by its camera like the footage itself.
import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { RetrievalJobView } from '../contracts/index.js';
import { refusalError } from '../org/index.js';
import { isVigilError } from '../shared/index.js';
import type { RetrievalDoor } from './remote.js';

export interface RetrievalRouteHelpers {
  door: RetrievalDoor;
  /** Throws the refusal unless the caller may read the camera's recordings (`null`: a door that names none). */
  guard: (req: Request, cameraId: string | null) => Promise<void>;
  /** The reason given, or undefined after answering 400. */
  reasonOf: (res: Response, value: unknown) => string | null | undefined;
  span: z.ZodType<{ from: number; to: number }>;
  badRequest: (res: Response, error: z.ZodError) => void;
  userOf: (req: Request) => string | null;
  usernameOf: (req: Request) => string | null;
  audit?: ((req: Request, job: RetrievalJobView, reason: string | null) => void) | undefined;
}

const LIST_LIMIT = 200;

export function mountRetrievalRoutes(router: Router, helpers: RetrievalRouteHelpers): void {
  const { door, guard } = helpers;

  /** Whether the caller may see a job: the same answer as for its camera's footage. */
  const visible = async (req: Request, job: RetrievalJobView): Promise<boolean> => {
    try {
      await guard(req, job.cameraId);
      return true;
    } catch (error) {
      if (isVigilError(error)) return false;
      throw error;
    }
  };
  /** A job the caller may see; one outside its scope looks exactly like one that does not exist. */
  const jobOf = async (req: Request): Promise<RetrievalJobView> => {
    await guard(req, null);
    const id = String(req.params.id);
    const job = /^ret_[a-f0-9]{16}$/.test(id) ? door.get(id) : undefined;
    if (!job || !(await visible(req, job))) throw refusalError('hidden', 'media');
    return job;
  };

  router.get('/retrievals', async (req, res) => {
    await guard(req, null);
    const cameraId = typeof req.query.cameraId === 'string' ? req.query.cameraId : undefined;
    const jobs: RetrievalJobView[] = [];
    for (const job of door.list(cameraId)) {
      if (jobs.length < LIST_LIMIT && (await visible(req, job))) jobs.push(job);
    }
    res.set('Cache-Control', 'no-cache').json({ retrievals: jobs });
  });

  router.get('/retrievals/:id', async (req, res) => {
    res.set('Cache-Control', 'no-cache').json(await jobOf(req));
  });

  router.delete('/retrievals/:id', async (req, res) => {
    const job = await jobOf(req);
    if (!(await door.cancel(job.id))) {
      const error = {
        code: 'VIGIL_CONFLICT',
        message: `The retrieval is ${job.state}`,
        details: { reason: 'job_state', state: job.state },
      };
      return void res.status(409).json({ error });
    }
    res.json(door.get(job.id));
  });

  router.post('/:cameraId/retrievals', express.json({ limit: '4kb' }), async (req, res) => {
    const { cameraId } = req.params;
    await guard(req, cameraId);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = helpers.span.safeParse(body);
    if (!parsed.success) return helpers.badRequest(res, parsed.error);
    const reason = helpers.reasonOf(res, body.reason);
    if (reason === undefined) return;
    const job = door.create({
      cameraId,
      fromMs: parsed.data.from,
      toMs: parsed.data.to,
      userId: helpers.userOf(req),
      username: helpers.usernameOf(req),
      reason,
    });
    helpers.audit?.(req, job, reason);
    res.status(202).location(`${req.baseUrl}/retrievals/${job.id}`).json(job);
  });
}
