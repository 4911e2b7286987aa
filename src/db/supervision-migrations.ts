// Schema migrations of supervision: enterprise accounts and profiles, evidence snapshots, rectification notices,
// patrols, and evidence cases with their locks (versions 9 and up; 10 was never used).
import type { Migration } from './migration.js';

export const SUPERVISION_MIGRATIONS: readonly Migration[] = [
  {
    version: 9,
    name: 'enterprise accounts, supervision profiles, evidence snapshots',
    // The users table is rebuilt to admit the `enterprise` role, bound to one enterprise (and gone with it).
    rebuildsTables: true,
    sql: `
      CREATE TABLE users_next (
        id TEXT PRIMARY KEY,
        org_unit_id TEXT NOT NULL REFERENCES org_units(id) ON DELETE RESTRICT,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'inspector', 'enterprise')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL,
        enterprise_id TEXT REFERENCES enterprises(id) ON DELETE CASCADE,
        CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL))
      );
      INSERT INTO users_next (id, org_unit_id, username, display_name, role, password_hash, disabled, created_at,
        password_changed_at)
        SELECT id, org_unit_id, username, display_name, role, password_hash, disabled, created_at, password_changed_at
        FROM users;
      DROP TABLE users;
      ALTER TABLE users_next RENAME TO users;
      CREATE INDEX users_enterprise ON users(enterprise_id) WHERE enterprise_id IS NOT NULL;
      CREATE TABLE enterprise_profiles (
        enterprise_id TEXT PRIMARY KEY REFERENCES enterprises(id) ON DELETE CASCADE,
        production_weekdays TEXT NOT NULL DEFAULT '[1,2,3,4,5]',
        production_start TEXT NOT NULL DEFAULT '08:00',
        production_end TEXT NOT NULL DEFAULT '17:00',
        contacts TEXT NOT NULL DEFAULT '[]',
        required_stages TEXT NOT NULL DEFAULT '[]',
        recordings_open INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE enterprise_closures (
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        reason TEXT,
        declared_by TEXT,
        declared_at INTEGER NOT NULL,
        PRIMARY KEY (enterprise_id, day)
      );
      CREATE TABLE evidence_snapshots (
        id TEXT PRIMARY KEY,
        camera_id TEXT NOT NULL,
        enterprise_id TEXT NOT NULL,
        frame_at INTEGER NOT NULL,
        taken_at INTEGER NOT NULL,
        taken_by TEXT,
        taken_by_name TEXT,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        path TEXT NOT NULL
      );
      CREATE INDEX evidence_snapshots_enterprise ON evidence_snapshots(enterprise_id, taken_at);
    `,
  },
  {
    version: 11,
    name: 'rectification notices',
    // Ids of patrol records are kept as text: notices do not depend on the patrol tables. The counter is per branch
    // and year, bumped in the same transaction as the notice it numbers, so numbers have no gaps.
    sql: `
      CREATE TABLE notice_counters (
        org_unit_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (org_unit_id, year)
      );
      CREATE TABLE notices (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        org_unit_id TEXT NOT NULL,
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        finding TEXT NOT NULL,
        rule TEXT NOT NULL,
        deadline INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('issued', 'read', 'answered', 'reinspected', 'closed', 'reissued', 'escalated')),
        internal_note TEXT,
        issued_by TEXT,
        issued_by_name TEXT,
        issued_at INTEGER NOT NULL,
        read_at INTEGER,
        answered_at INTEGER,
        closed_at INTEGER,
        overdue_flagged_at INTEGER,
        parent_id TEXT REFERENCES notices(id) ON DELETE SET NULL,
        UNIQUE (org_unit_id, year, seq)
      );
      CREATE INDEX notices_enterprise ON notices(enterprise_id, issued_at);
      CREATE INDEX notices_open ON notices(state, deadline);
      CREATE TABLE notice_evidence (
        notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'interval', 'patrol_item')),
        snapshot_id TEXT,
        camera_id TEXT,
        from_ms INTEGER,
        to_ms INTEGER,
        record_id TEXT,
        item_key TEXT,
        text TEXT,
        PRIMARY KEY (notice_id, position)
      );
      CREATE TABLE notice_steps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        user_id TEXT,
        username TEXT,
        at INTEGER NOT NULL,
        note TEXT,
        verdict TEXT,
        snapshot_id TEXT
      );
      CREATE INDEX notice_steps_notice ON notice_steps(notice_id, id);
      CREATE TABLE notice_photos (
        id TEXT PRIMARY KEY,
        notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
        step_id INTEGER NOT NULL REFERENCES notice_steps(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        mime TEXT NOT NULL,
        uploaded_by TEXT,
        uploaded_at INTEGER NOT NULL
      );
      CREATE INDEX notice_photos_notice ON notice_photos(notice_id);
    `,
  },
  {
    version: 12,
    name: 'patrols: plans, checklist templates, points, tasks and records',
    sql: `
      CREATE TABLE patrol_plans (
        org_unit_id TEXT PRIMARY KEY REFERENCES org_units(id) ON DELETE CASCADE,
        frequencies TEXT NOT NULL,
        spot_checks_per_month INTEGER NOT NULL DEFAULT 0,
        grace_days INTEGER NOT NULL DEFAULT 2,
        updated_at INTEGER NOT NULL,
        updated_by TEXT
      );
      CREATE TABLE checklist_templates (
        stage TEXT PRIMARY KEY,
        items TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT
      );
      CREATE TABLE patrol_points (
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        camera_id TEXT NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        preset_token TEXT,
        preset_name TEXT,
        PRIMARY KEY (enterprise_id, position)
      );
      CREATE TABLE patrol_tasks (
        id TEXT PRIMARY KEY,
        org_unit_id TEXT NOT NULL,
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'spot')),
        due_at INTEGER NOT NULL,
        assigned_to TEXT REFERENCES users(id) ON DELETE SET NULL,
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'canceled')),
        record_id TEXT,
        overdue_flagged_at INTEGER,
        created_at INTEGER NOT NULL,
        done_at INTEGER
      );
      CREATE INDEX patrol_tasks_open ON patrol_tasks(state, org_unit_id, due_at);
      CREATE INDEX patrol_tasks_enterprise ON patrol_tasks(enterprise_id, state);
      CREATE TABLE patrol_records (
        id TEXT PRIMARY KEY,
        task_id TEXT,
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
        inspector_id TEXT,
        inspector_name TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        result TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        internal_note TEXT NOT NULL DEFAULT '',
        points TEXT NOT NULL
      );
      CREATE INDEX patrol_records_enterprise ON patrol_records(enterprise_id, finished_at);
    `,
  },
  {
    version: 13,
    name: 'evidence cases and the evidence lock',
    // A case names its footage by camera and time range; locking copies those ranges into evidence_locks, which
    // retention reads by (camera_id, from_ms) to skip locked files without scanning them.
    sql: `
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE RESTRICT,
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'locked', 'released', 'closed')),
        created_by TEXT,
        created_at INTEGER NOT NULL,
        locked_at INTEGER,
        locked_by TEXT,
        released_at INTEGER,
        released_by TEXT,
        release_reason TEXT
      );
      CREATE INDEX cases_enterprise ON cases(enterprise_id, created_at);
      CREATE TABLE case_items (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('clip', 'snapshot', 'notice', 'photo')),
        camera_id TEXT,
        from_ms INTEGER,
        to_ms INTEGER,
        ref_id TEXT,
        note TEXT NOT NULL DEFAULT '',
        added_by TEXT,
        added_at INTEGER NOT NULL,
        CHECK ((kind = 'clip') = (camera_id IS NOT NULL AND from_ms IS NOT NULL AND to_ms > from_ms)),
        CHECK ((kind = 'clip') = (ref_id IS NULL))
      );
      CREATE INDEX case_items_case ON case_items(case_id, added_at);
      CREATE TABLE evidence_locks (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        camera_id TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        PRIMARY KEY (case_id, item_id)
      );
      CREATE INDEX evidence_locks_camera ON evidence_locks(camera_id, from_ms, to_ms);
    `,
  },
];
