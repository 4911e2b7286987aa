// The access matrix's callers, the shape of its doors, and the doors of supervision: enterprise profiles, patrols,
// rectification notices, evidence cases and image health (the camera, media and admin doors are in the test file).

/** The callers, in the order of every row's expectations. The door's subject belongs to the branch `east`. */
export const CALLERS = [
  'center operator',
  'inspector of the owning branch',
  'inspector of another branch',
  'admin of another branch',
  'anonymous',
  'expired session',
  'account of the owning enterprise',
  'account of another enterprise of the branch',
] as const;
export type Caller = (typeof CALLERS)[number];

/** An HTTP status, or what a socket gets: the branch's events, none of them, or a refused connection. */
export type Outcome = number | 'event' | 'silent' | 'refused';
export type Expected = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

export interface Context {
  media(cameraId: string): Promise<{ playlist: string; init: string; segment: string; part: string }>;
  eastInspectorId: string;
  /** The URL of a recorded file of the camera, read from its VOD playlist. */
  recordedFile(cameraId: string): Promise<string>;
  /** An export of cam-east made by the owning branch's inspector. */
  exportId: string;
  /** A notice of ent-east issued by the owning branch's inspector and answered by ent-east with a photo. */
  notice: { id: string; photoUrl: string };
  /** A notice of ent-west issued by the other branch's inspector. */
  westNoticeId: string;
  /** A new notice of ent-east, still open to an answer. */
  freshNotice(): Promise<string>;
  /** Cases about ent-east (with a clip of cam-east), ent-east2 and ent-west, and a finished export of the first. */
  cases: { east: string; east2: string; west: string; exportId: string };
  /** A patrol record of ent-east by the owning branch's inspector. */
  patrolRecordId: string;
}
export interface Door {
  name: string;
  /** `upload`: a multipart answer with a photo, as the console sends it. */
  kind: 'http' | 'socket' | 'upload';
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path?: (context: Context) => string | Promise<string>;
  body?: unknown;
  expect: Expected;
}

export const http = (
  name: string,
  method: Door['method'],
  path: string | Door['path'],
  expect: Expected,
  body?: unknown,
): Door => ({ name, kind: 'http', method, path: typeof path === 'string' ? () => path : path, expect, body });

// The agency's records and the enterprises' own: an enterprise account reaches its own enterprise only.
// prettier-ignore
export const SUPERVISION_DOORS: Door[] = [
  http('enterprise profile',                  'GET',    '/api/enterprises/ent-east/profile',         [200, 200, 404, 404, 401, 401, 200, 404]),
  http('set the enterprise profile',          'PUT',    '/api/enterprises/ent-east/profile',         [403, 200, 404, 404, 401, 401, 403, 404], { contacts: [] }),
  http('declare a closure',                   'POST',   '/api/enterprises/ent-east/closures',        [403, 201, 404, 404, 401, 401, 201, 404], { day: '2099-10-01' }),
  http('take an evidence snapshot',           'POST',   '/api/cameras/cam-east/evidence-snapshots',  [403, 201, 404, 404, 401, 401, 403, 404]),
  http('patrol plans',                        'GET',    '/api/patrol/plans',                         [200, 200, 200, 200, 401, 401, 403, 403]),
  http('patrol tasks',                        'GET',    '/api/patrol/tasks',                         [200, 200, 200, 200, 401, 401, 403, 403]),
  http('patrol points of an enterprise',      'GET',    '/api/patrol/enterprises/ent-east/points',   [200, 200, 404, 404, 401, 401, 403, 403]),
  http('set a branch patrol plan',            'POST',   '/api/patrol/plans',                         [403, 403, 403, 404, 401, 401, 403, 403], { orgUnitId: 'east', frequencies: { A: { count: 1, periodDays: 30 }, B: { count: 1, periodDays: 14 }, C: { count: 1, periodDays: 7 }, D: { count: 3, periodDays: 7 } } }),
  http('record a patrol',                     'POST',   '/api/patrol/records',                       [403, 201, 404, 404, 401, 401, 403, 404], { enterpriseId: 'ent-east', startedAt: '2026-01-01T00:00:00Z', points: [{ cameraId: 'cam-east' }] }),
  http('patrol record',                       'GET',    (c) => `/api/patrol/records/${c.patrolRecordId}`, [200, 200, 404, 404, 401, 401, 200, 404]),
  http('patrol records (filtered by scope)',  'GET',    '/api/patrol/records',                       [200, 200, 200, 200, 401, 401, 200, 200]),
  http('event log',                           'GET',    '/api/events',                               [200, 200, 200, 200, 401, 401, 403, 403]),
  http('event log as CSV',                    'GET',    '/api/events.csv',                           [200, 200, 200, 200, 401, 401, 403, 403]),
  http('monthly report of the caller’s scope', 'GET',   '/api/reports/monthly?month=2026-11',        [200, 200, 200, 200, 401, 401, 403, 403]),
  http('monthly report of the owning branch', 'GET',    '/api/reports/monthly?month=2026-11&orgUnitId=east&format=csv', [200, 200, 404, 404, 401, 401, 403, 403]),
  http('overview screen',                     'GET',    '/api/overview',                             [200, 200, 200, 200, 401, 401, 403, 403]),
  http('camera day scores',                   'GET',    '/api/cameras/cam-east/scores',              [200, 200, 404, 404, 401, 401, 403, 403]),
];

// Image health is scoped as its camera: everyone in scope reads it (an enterprise its own cameras), the agency checks
// on demand, only an admin chooses the reference picture.
// prettier-ignore
export const IMAGE_HEALTH_DOORS: Door[] = [
  http('camera image health',                 'GET',    '/api/cameras/cam-east/image-health',        [200, 200, 404, 404, 401, 401, 200, 404]),
  http('check a camera picture now',          'POST',   '/api/cameras/cam-east/image-health/check',  [200, 200, 404, 404, 401, 401, 403, 404]),
  http('choose the reference picture',        'PUT',    '/api/cameras/cam-east/image-health/reference', [403, 403, 404, 404, 401, 401, 403, 404]),
  http('cameras with a picture problem',      'GET',    '/api/image-health',                         [200, 200, 200, 200, 401, 401, 200, 200]),
];

// Rectification notices are scoped as their enterprise; only the enterprise answers, only the agency closes.
export const notice =
  (suffix = '') =>
  (c: Context) =>
    `/api/notices/${c.notice.id}${suffix}`;
// prettier-ignore
export const NOTICE_DOORS: Door[] = [
  http('notice list',                         'GET',    '/api/notices',                              [200, 200, 200, 200, 401, 401, 200, 200]),
  http('notice badge counts',                 'GET',    '/api/notices/summary',                      [200, 200, 200, 200, 401, 401, 200, 200]),
  http('notice',                              'GET',    notice(),                                    [200, 200, 404, 404, 401, 401, 200, 404]),
  http('notice of the other branch',          'GET',    (c) => `/api/notices/${c.westNoticeId}`,     [200, 404, 200, 200, 401, 401, 404, 404]),
  http('issue a notice',                      'POST',   '/api/notices',                              [403, 201, 404, 404, 401, 401, 403, 404], { enterpriseId: 'ent-east', finding: '探测', rule: '探测', deadline: Date.now() + 86_400_000 }),
  { name: 'answer a notice with a photo', kind: 'upload', path: async (c) => `/api/notices/${await c.freshNotice()}/answer`, expect: [403, 403, 404, 404, 401, 401, 200, 404] },
  // The owning inspector passes the door and meets the state machine: an answered notice is re-inspected first.
  http('close a notice',                      'POST',   notice('/close'),                            [403, 409, 404, 404, 401, 401, 403, 404]),
  http('escalate a notice of the other branch', 'POST', (c) => `/api/notices/${c.westNoticeId}/escalate`, [403, 404, 200, 409, 401, 401, 404, 404], { note: '探测' }),
  http('answer photo',                        'GET',    (c) => c.notice.photoUrl,                    [200, 200, 404, 404, 401, 401, 200, 404]),
  http('notice PDF',                          'GET',    notice('/pdf'),                              [200, 200, 404, 404, 401, 401, 200, 404]),
];

export const eastCase =
  (suffix = '') =>
  (c: Context) =>
    `/api/cases/${c.cases.east}${suffix}`;
export const RECENT_CLIP = { kind: 'clip', cameraId: 'cam-east', fromMs: Date.now() - 60_000, toMs: Date.now() };

// Cases are the agency's own evidence files: enterprise accounts are refused (403 agency_only) even for their own
// enterprise; operators read; inspectors and admins in scope gather, lock and export; only admins release.
// prettier-ignore
export const CASE_DOORS: Door[] = [
  http('case list',                           'GET',    '/api/cases',                                [200, 200, 200, 200, 401, 401, 403, 403]),
  http('case resource',                       'GET',    eastCase(),                                  [200, 200, 404, 404, 401, 401, 403, 403]),
  http('case of another enterprise of the branch', 'GET', (c) => `/api/cases/${c.cases.east2}`,     [200, 200, 404, 404, 401, 401, 403, 403]),
  http('case of the other branch',            'GET',    (c) => `/api/cases/${c.cases.west}`,         [200, 404, 200, 200, 401, 401, 403, 403]),
  http('unknown case',                        'GET',    '/api/cases/cas_nope',                       [404, 404, 404, 404, 401, 401, 403, 403]),
  http('open a case',                         'POST',   '/api/cases',                                [403, 201, 404, 404, 401, 401, 403, 403], { enterpriseId: 'ent-east', title: '探测案件' }),
  http('add a clip to a case',                'POST',   eastCase('/items'),                          [403, 201, 404, 404, 401, 401, 403, 403], RECENT_CLIP),
  http('lock a case',                         'POST',   eastCase('/lock'),                           [403, 200, 404, 404, 401, 401, 403, 403]),
  http('release a case',                      'POST',   eastCase('/release'),                        [403, 403, 404, 404, 401, 401, 403, 403], { reason: '探测' }),
  http('export a case',                       'POST',   eastCase('/export'),                         [403, 202, 404, 404, 401, 401, 403, 403]),
  http('case export status',                  'GET',    (c) => `/api/cases/${c.cases.east}/exports/${c.cases.exportId}`, [403, 200, 404, 404, 401, 401, 403, 403]),
  http('case export download',                'GET',    (c) => `/api/cases/${c.cases.east}/exports/${c.cases.exportId}/download`, [403, 200, 404, 404, 401, 401, 403, 403]),
];
