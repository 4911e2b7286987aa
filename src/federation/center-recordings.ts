// The center's side of branch recordings: retrieval jobs (a service: they resume after a restart) and playback of a
// branch camera's footage, both over the center's link to the branch.
import type { FederationConfig } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { EventBus } from '../events/index.js';
import type { NewRecording } from '../recording/index.js';
import type { RecordingLookup, RemoteFootage } from '../playback/index.js';
import { VigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { CenterLink } from './center-link.js';
import { RemotePlayback } from './remote-playback.js';
import { RemoteRecordings } from './remote-recordings.js';
import { Retrievals } from './retrieval.js';
import { RetrievalStore } from './retrieval-store.js';

export interface CenterRecordingsDeps {
  center: CenterLink;
  config: FederationConfig;
  db: Db;
  dataDir: string;
  recordings: RecordingLookup & { insert(recording: NewRecording): number };
  bus: EventBus;
  logger: Logger;
  /** Runs a playback's admission on its link for a camera: a refusal is an event before it is thrown on. */
  admitting: (cameraId: string, admit: () => void) => void;
  /** The branch and the branch's own id of a mirrored camera; undefined for the center's own cameras. */
  mirrored: (cameraId: string) => { branchId: string; localId: string } | undefined;
}

export function centerRecordings(deps: CenterRecordingsDeps): { retrievals: Retrievals; playback: RemoteFootage } {
  const { center, config } = deps;
  const remote = new RemoteRecordings({ connection: () => center.nats, isUp: (branchId) => center.isUp(branchId) });
  const store = new RetrievalStore(deps.db);
  const retrievals = new Retrievals({
    store,
    remote,
    dataDir: deps.dataDir,
    recordings: deps.recordings,
    isUp: (branchId) => center.isUp(branchId),
    localIdOf: (cameraId) => deps.mirrored(cameraId)?.localId,
    // Retrieval gives way first: it uses only what live and playback leave, never more than its cap. It is paced at
    // 90 % of that: NATS and TCP framing ride on the same line, and a piece arrives at the line's rate, so any second
    // may carry one piece more than the pace.
    rateKbps: (branchId) =>
      0.9 * Math.min(config.retrievalKbps, center.budget(branchId)?.freeKbps ?? config.retrievalKbps),
    capKbps: config.retrievalKbps,
    onBytes: (branchId, bytes) => center.budget(branchId)?.meter.add(bytes),
    publish: (event) => deps.bus.publish(event),
    notify: (notice) => deps.bus.notify(notice),
    logger: deps.logger.child({ part: 'retrieval' }),
  });
  const playback = new RemotePlayback({
    mirrored: deps.mirrored,
    admitting: deps.admitting,
    branchRanges: (branchId, localId, fromMs, toMs) => remote.ranges(branchId, localId, fromMs, toMs),
    remote,
    recordings: deps.recordings,
    store,
    retrievals: {
      capKbps: config.retrievalKbps,
      create: (request) => {
        const where = deps.mirrored(request.cameraId);
        if (!where) throw new VigilError('VIGIL_NOT_FOUND', 'Only a branch camera can be retrieved');
        return retrievals.view(retrievals.create({ ...request, branchId: where.branchId }));
      },
      get: (id) => {
        const job = retrievals.get(id);
        return job ? retrievals.view(job) : undefined;
      },
      list: (cameraId) => retrievals.list(cameraId).map((job) => retrievals.view(job)),
      cancel: (id) => retrievals.cancel(id),
      retrieving: (cameraId, fromMs, toMs) => retrievals.retrieving(cameraId, fromMs, toMs),
    },
    dataDir: deps.dataDir,
    budget: (branchId) => center.budget(branchId),
  });
  return { retrievals, playback };
}
