// A small province for the events page's component tests: the center, two branches, one enterprise and camera each.
import type { CameraSummary, EventItem, OrgTree } from '../../src/contracts/index.js';
import { OrgModel } from '../../web/src/org/model.js';

function camera(id: string, name: string, nameEn: string, enterpriseId: string, orgUnitId: string): CameraSummary {
  return {
    id,
    name,
    nameEn,
    enterpriseId,
    enterpriseName: enterpriseId,
    orgUnitId,
    stage: 'processing',
    sourceKind: 'rtsp',
    mainUrl: null,
    hasSub: false,
    enabled: true,
    recordMode: 'off',
    status: 'online',
    statusReason: null,
    statusReasonCode: null,
    live: null,
    health: null,
    remote: null,
  };
}

function enterprise(id: string, name: string, orgUnitId: string, cameras: CameraSummary[]) {
  return {
    id,
    orgUnitId,
    name,
    nameEn: null,
    licenceNo: null,
    address: null,
    contact: null,
    creditGrade: 'A' as const,
    cameras,
  };
}

export const TREE: OrgTree = {
  units: [
    { id: 'center', parentId: null, kind: 'center', name: '省中心', nameEn: 'Center', enterprises: [] },
    {
      id: 'east',
      parentId: 'center',
      kind: 'branch',
      name: '东分局',
      nameEn: 'East Branch',
      enterprises: [
        enterprise('ent-east', '东港乳业', 'east', [camera('cam-east', '东门', 'East gate', 'ent-east', 'east')]),
      ],
    },
    {
      id: 'west',
      parentId: 'center',
      kind: 'branch',
      name: '西分局',
      nameEn: 'West Branch',
      enterprises: [
        enterprise('ent-west', '西山肉联', 'west', [camera('cam-west', '西门', 'West gate', 'ent-west', 'west')]),
      ],
    },
  ],
};

export const orgModel = (): OrgModel => new OrgModel(structuredClone(TREE));

let nextId = 1000;

/** An event as the API and the socket send it; `at` defaults to now. */
export function eventItem(overrides: Partial<EventItem> = {}): EventItem {
  return {
    id: nextId++,
    at: new Date().toISOString(),
    type: 'camera.offline',
    severity: 'error',
    message: 'Camera cam-east is offline',
    cameraId: 'cam-east',
    enterpriseId: 'ent-east',
    orgUnitId: 'east',
    userId: null,
    username: null,
    ip: null,
    data: { stream: 'main', status: 'offline', reason: 'camera unreachable', reasonCode: 'unreachable' },
    ...overrides,
  };
}
