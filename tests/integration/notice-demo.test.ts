// The demo's notices: seeded with the demo province, one in each state a visitor should meet, numbered per branch.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { CameraStore, ensureFirstStart, OrgStore, UserStore } from '../../src/org/index.js';
import { SecretBox, silentLogger } from '../../src/shared/index.js';
import { isOverdue, seedDemoNotices } from '../../src/supervision/index.js';
import { noticeService } from '../support/notice-province.js';
import { tempDir } from '../support/temp-dir.js';

describe('demo notices', () => {
  it('are issued, answered, closed and overdue, numbered in their branches', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'vigil.db'));
    await ensureFirstStart({
      db,
      org: new OrgStore(db),
      cameras: new CameraStore(db, new SecretBox('test key')),
      users: new UserStore(db),
      logger: silentLogger(),
      admin: { username: 'admin', password: 'admin-password-1' },
      demo: { cameras: 8, rtspBase: 'rtsp://127.0.0.1:1234', scope: 'province' },
    });
    const notices = noticeService(db, dir);
    expect(seedDemoNotices(notices)).toBe(4);
    const all = notices.store.list({});
    const year = new Date().getFullYear();
    expect(all.map((notice) => notice.number).sort()).toEqual([
      `东港〔${year}〕第0001号`,
      `东港〔${year}〕第0002号`,
      `西山〔${year}〕第0001号`,
      `西山〔${year}〕第0002号`,
    ]);
    expect(all.map((notice) => notice.state).sort()).toEqual(['answered', 'closed', 'issued', 'issued']);
    expect(all.filter((notice) => isOverdue(notice, Date.now()))).toHaveLength(1);
    expect(all.find((notice) => isOverdue(notice, Date.now()))?.enterpriseId).toBe('ent-xishan-meat');
    db.close();
  });
});
