// The demo province seeded on a fresh start: center, two branches, four enterprises, eight cameras, a PTZ dome, users.
import { PUBLISHED_DEMO_PASSWORD, type CreditGrade, type ProductionStage } from '../contracts/index.js';
import type { Db } from '../db/index.js';
import type { CameraStore } from './camera-store.js';
import type { OrgStore } from './org-store.js';
import type { Role, UserStore } from './user-store.js';

export const DEMO_PASSWORD = PUBLISHED_DEMO_PASSWORD;
export const DEMO_CAMERA_PREFIX = 'demo-cam-';

interface DemoEnterprise {
  id: string;
  branch: 'branch-donggang' | 'branch-xishan';
  name: string;
  nameEn: string;
  licenceNo: string;
  grade: CreditGrade;
  cameras: Array<{ name: string; nameEn: string; stage: ProductionStage }>;
}

const ENTERPRISES: DemoEnterprise[] = [
  {
    id: 'ent-haixian',
    branch: 'branch-donggang',
    name: '海鲜食品加工有限公司',
    nameEn: 'Haixian Seafood Processing Co.',
    licenceNo: 'SC11237020200011',
    grade: 'A',
    cameras: [
      { name: '原料进厂口', nameEn: 'Raw-material intake dock', stage: 'raw_material_intake' },
      { name: '加工车间一线', nameEn: 'Processing line 1', stage: 'processing' },
    ],
  },
  {
    id: 'ent-donggang-dairy',
    branch: 'branch-donggang',
    name: '东港乳业有限公司',
    nameEn: 'Donggang Dairy Co.',
    licenceNo: 'SC10637020200452',
    grade: 'B',
    cameras: [
      { name: '人员更衣通道', nameEn: 'Staff changing passage', stage: 'staff_entrance' },
      { name: '成品检验室', nameEn: 'Product testing lab', stage: 'product_testing' },
    ],
  },
  {
    id: 'ent-xishan-meat',
    branch: 'branch-xishan',
    name: '西山肉类联合加工厂',
    nameEn: 'Xishan Meat Processing Plant',
    licenceNo: 'SC10437028100093',
    grade: 'C',
    cameras: [
      { name: '分割车间', nameEn: 'Cutting room', stage: 'processing' },
      { name: '包装线', nameEn: 'Packaging line', stage: 'packaging' },
    ],
  },
  {
    id: 'ent-lvyuan-produce',
    branch: 'branch-xishan',
    name: '绿源果蔬出口公司',
    nameEn: 'Lvyuan Fruit & Vegetable Exports',
    licenceNo: 'SC12037028100217',
    grade: 'D',
    cameras: [
      { name: '冷库', nameEn: 'Cold store', stage: 'storage' },
      { name: '原料验收区', nameEn: 'Raw-material acceptance', stage: 'raw_material_intake' },
    ],
  },
];

/** The demo's PTZ dome: a Haixian camera whose presets can cover several stages (simulator camera ptz01). */
export const DEMO_DOME = {
  cameraId: `${DEMO_CAMERA_PREFIX}ptz`,
  simulatorId: 'ptz01',
  enterpriseId: 'ent-haixian',
  name: '车间球机（云台）',
  nameEn: 'Workshop PTZ dome',
} as const;

export interface DemoCamera {
  cameraId: string;
  simulatorId: string;
  name: string;
  nameEn: string;
}

/** The demo cameras in seeding order, with the simulator camera each one reads. */
export function demoCameras(count: number, enterprises: readonly DemoEnterprise[] = ENTERPRISES): DemoCamera[] {
  const all = enterprises.flatMap((enterprise) => enterprise.cameras);
  return Array.from({ length: count }, (_, index) => {
    const template = all[index % all.length] as (typeof all)[number];
    const round = Math.floor(index / all.length);
    const number = String(index + 1).padStart(2, '0');
    const suffix = round > 0 ? ` ${round + 1}` : '';
    return {
      cameraId: `${DEMO_CAMERA_PREFIX}${number}`,
      simulatorId: `cam${number}`,
      name: template.name + suffix,
      nameEn: template.nameEn + suffix,
    };
  });
}

export interface DemoAccount {
  username: string;
  role: Role;
  unit: string;
  /** The enterprise of an enterprise account. */
  enterpriseId?: string;
}

export interface DemoStores {
  db: Db;
  org: OrgStore;
  cameras: CameraStore;
  users: UserStore;
}

const UNITS = [
  { id: 'org-center', parentId: null, kind: 'center', name: '省级监控中心', nameEn: 'Provincial Monitoring Center' },
  { id: 'branch-donggang', parentId: 'org-center', kind: 'branch', name: '东港分局', nameEn: 'Donggang Branch' },
  { id: 'branch-xishan', parentId: 'org-center', kind: 'branch', name: '西山分局', nameEn: 'Xishan Branch' },
] as const;

const ROLE_TITLE: Record<Role, string> = {
  admin: '管理员',
  operator: '值班员',
  inspector: '检查员',
  enterprise: '企业账号',
};

const ACCOUNT_PREFIX: Record<(typeof UNITS)[number]['id'], string> = {
  'org-center': 'center',
  'branch-donggang': 'donggang',
  'branch-xishan': 'xishan',
};

/**
 * The demo accounts, all with DEMO_PASSWORD: one per agency role at the center and at each branch, and one account
 * per enterprise named after it (`haixian-enterprise` for `ent-haixian`).
 */
export function demoAccounts(): DemoAccount[] {
  const agency = UNITS.flatMap((unit) =>
    (['admin', 'operator', 'inspector'] as const).map((role) => ({
      username: `${ACCOUNT_PREFIX[unit.id]}-${role}`,
      role,
      unit: unit.id,
    })),
  );
  const enterprises = ENTERPRISES.map((enterprise) => ({
    username: `${enterprise.id.replace(/^ent-/, '')}-enterprise`,
    role: 'enterprise' as const,
    unit: enterprise.branch,
    enterpriseId: enterprise.id,
  }));
  return [...agency, ...enterprises];
}

/** The whole province in one hub, or one hub of the federated demo: the center, or one branch. */
export type DemoScope = 'province' | 'center' | DemoEnterprise['branch'];

/**
 * Seeds the demo into an empty database; `rtspBase` is the simulator's `rtsp://host:port`. A branch hub of the
 * federated demo gets the center's unit, its own unit, its enterprises and cameras, and the accounts of those units;
 * the center gets every unit and account and no enterprise or camera (it mirrors the branches').
 */
export async function seedDemoProvince(
  stores: DemoStores,
  demo: { cameras: number; rtspBase: string; scope: DemoScope; domeOnvifUrl?: string | undefined },
): Promise<void> {
  const { rtspBase, scope } = demo;
  const branchOnly = scope !== 'province' && scope !== 'center' ? scope : undefined;
  const units = UNITS.filter((unit) => !branchOnly || unit.kind === 'center' || unit.id === branchOnly);
  const enterprises = ENTERPRISES.filter((enterprise) => scope === 'province' || enterprise.branch === branchOnly);
  const cameras = enterprises.length === 0 ? [] : demoCameras(demo.cameras, enterprises);
  stores.db.transaction(() => {
    for (const unit of units) stores.org.createUnit(unit);
    let next = 0;
    const slots = enterprises.flatMap((enterprise) => enterprise.cameras.map((camera) => ({ enterprise, camera })));
    for (const enterprise of enterprises) {
      stores.org.createEnterprise({
        id: enterprise.id,
        orgUnitId: enterprise.branch,
        name: enterprise.name,
        nameEn: enterprise.nameEn,
        licenceNo: enterprise.licenceNo,
        creditGrade: enterprise.grade,
      });
    }
    for (const camera of cameras) {
      const slot = slots[next % slots.length] as (typeof slots)[number];
      next += 1;
      stores.cameras.create({
        id: camera.cameraId,
        enterpriseId: slot.enterprise.id,
        name: camera.name,
        nameEn: camera.nameEn,
        stage: slot.camera.stage,
        mainUrl: `${rtspBase}/${camera.simulatorId}/main`,
        subUrl: `${rtspBase}/${camera.simulatorId}/sub`,
        recordMode: 'continuous',
      });
    }
    // The whole province in one hub only: the federated demo's branches keep their plain cameras. Not recorded: its
    // encoder (a larger scene) runs only while someone watches or steers it.
    if (demo.domeOnvifUrl && scope === 'province') {
      stores.cameras.create({
        id: DEMO_DOME.cameraId,
        enterpriseId: DEMO_DOME.enterpriseId,
        name: DEMO_DOME.name,
        nameEn: DEMO_DOME.nameEn,
        stage: 'processing',
        mainUrl: `${rtspBase}/${DEMO_DOME.simulatorId}/main`,
        subUrl: `${rtspBase}/${DEMO_DOME.simulatorId}/sub`,
        onvifUrl: demo.domeOnvifUrl,
        recordMode: 'off',
      });
    }
  })();
  const seeded = (account: DemoAccount): boolean =>
    account.enterpriseId === undefined
      ? units.some((unit) => unit.id === account.unit)
      : enterprises.some((enterprise) => enterprise.id === account.enterpriseId);
  for (const account of demoAccounts().filter(seeded)) {
    const owner =
      ENTERPRISES.find((enterprise) => enterprise.id === account.enterpriseId)?.name ??
      UNITS.find((candidate) => candidate.id === account.unit)?.name;
    await stores.users.create({
      orgUnitId: account.unit,
      username: account.username,
      displayName: `${owner ?? ''}${ROLE_TITLE[account.role]}`,
      role: account.role,
      password: DEMO_PASSWORD,
      enterpriseId: account.enterpriseId ?? null,
    });
  }
}

/** Points the demo cameras (and the dome's ONVIF device) at the simulator's current addresses (ports may change). */
export function repointDemoCameras(db: Db, rtspBase: string, domeOnvifUrl?: string): void {
  const rows = db
    .prepare('SELECT id, main_url, sub_url FROM cameras WHERE id LIKE ?')
    .all(`${DEMO_CAMERA_PREFIX}%`) as Array<{
    id: string;
    main_url: string | null;
    sub_url: string | null;
  }>;
  const update = db.prepare('UPDATE cameras SET main_url = ?, sub_url = ? WHERE id = ?');
  const rebase = (url: string | null): string | null => (url ? url.replace(/^rtsp:\/\/[^/]+/, rtspBase) : null);
  for (const row of rows) update.run(rebase(row.main_url), rebase(row.sub_url), row.id);
  if (domeOnvifUrl) db.prepare('UPDATE cameras SET onvif_url = ? WHERE id = ?').run(domeOnvifUrl, DEMO_DOME.cameraId);
}
