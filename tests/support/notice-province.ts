// A database with two branches (东港分局 and 西山) and an enterprise in each, and notice services on it, for the
// unit tests of numbering and of the state machine.
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/index.js';
import { OrgStore } from '../../src/org/index.js';
import { NoticeService } from '../../src/supervision/index.js';

/** Creates the province in `<dir>/<name>.db` and returns the file. */
export function noticeProvince(dir: string, name: string): string {
  const file = join(dir, `${name}.db`);
  const db = openDatabase(file);
  const org = new OrgStore(db);
  org.createUnit({ id: 'c', parentId: null, kind: 'center', name: '监控中心' });
  org.createUnit({ id: 'dg', parentId: 'c', kind: 'branch', name: '东港分局' });
  org.createUnit({ id: 'xs', parentId: 'c', kind: 'branch', name: '西山' });
  org.createEnterprise({ id: 'e-dg', orgUnitId: 'dg', name: '海鲜', creditGrade: 'A' });
  org.createEnterprise({ id: 'e-xs', orgUnitId: 'xs', name: '肉联', creditGrade: 'C' });
  db.close();
  return file;
}

/** Notices on `db` with its own org lookups and the given clock (no snapshots, no cameras). */
export function noticeService(db: Db, dataDir: string, clock: { now: number } | undefined = undefined): NoticeService {
  const org = new OrgStore(db);
  return new NoticeService({
    db,
    dataDir,
    ...(clock ? { now: () => clock.now } : {}),
    lookups: {
      enterprise: (id) => org.getEnterprise(id),
      unitName: (id) => org.getUnit(id)?.name,
      snapshot: () => undefined,
      camera: () => undefined,
    },
  });
}
