// Numbered schema migrations, applied in order at start; each runs once, inside a transaction. The organisation,
// recording, event and federation tables are here; supervision's (accounts of enterprises, patrols, notices, cases)
// have a file of their own.
import type { Migration } from './migration.js';
import { IMAGE_HEALTH_MIGRATIONS } from './image-health-migrations.js';
import { SCORE_MIGRATIONS } from './score-migrations.js';
import { SUPERVISION_MIGRATIONS } from './supervision-migrations.js';

export type { Migration } from './migration.js';

const CORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'organisation, cameras, users, events, recordings',
    sql: `
      CREATE TABLE org_units (
        id TEXT PRIMARY KEY,
        parent_id TEXT REFERENCES org_units(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('center', 'branch')),
        name TEXT NOT NULL,
        name_en TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE enterprises (
        id TEXT PRIMARY KEY,
        org_unit_id TEXT NOT NULL REFERENCES org_units(id) ON DELETE RESTRICT,
        name TEXT NOT NULL,
        name_en TEXT,
        licence_no TEXT,
        address TEXT,
        contact TEXT,
        credit_grade TEXT NOT NULL DEFAULT 'B' CHECK (credit_grade IN ('A', 'B', 'C', 'D')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX enterprises_org_unit ON enterprises(org_unit_id);
      CREATE TABLE cameras (
        id TEXT PRIMARY KEY,
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE RESTRICT,
        name TEXT NOT NULL,
        name_en TEXT,
        stage TEXT NOT NULL CHECK (stage IN ('raw_material_intake', 'processing', 'staff_entrance',
          'product_testing', 'packaging', 'storage', 'other')),
        source_kind TEXT NOT NULL DEFAULT 'rtsp' CHECK (source_kind IN ('rtsp', 'rtmp')),
        main_url TEXT,
        sub_url TEXT,
        username TEXT,
        password_enc TEXT,
        rtsp_transport TEXT NOT NULL DEFAULT 'tcp' CHECK (rtsp_transport IN ('tcp', 'udp')),
        record_mode TEXT NOT NULL DEFAULT 'continuous' CHECK (record_mode IN ('continuous', 'off')),
        retention_days INTEGER NOT NULL DEFAULT 30,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX cameras_enterprise ON cameras(enterprise_id);
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        org_unit_id TEXT NOT NULL REFERENCES org_units(id) ON DELETE RESTRICT,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'inspector')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL
      );
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
        camera_id TEXT,
        enterprise_id TEXT,
        org_unit_id TEXT,
        user_id TEXT,
        ip TEXT,
        message TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX events_at ON events(at);
      CREATE INDEX events_org_unit_at ON events(org_unit_id, at);
      CREATE INDEX events_camera_at ON events(camera_id, at);
      CREATE INDEX events_type_at ON events(type, at);
      CREATE TABLE recordings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        camera_id TEXT NOT NULL,
        stream TEXT NOT NULL DEFAULT 'main',
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        bytes INTEGER NOT NULL DEFAULT 0,
        path TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed'))
      );
      CREATE INDEX recordings_camera_start ON recordings(camera_id, start_ms);
    `,
  },
  {
    version: 2,
    name: 'login sessions',
    sql: `
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        ip TEXT
      );
      CREATE INDEX sessions_user ON sessions(user_id);
    `,
  },
  {
    version: 3,
    name: 'recordings: covering index for ranges, playlists and retention; media-timeline break flag',
    // The covering index answers a camera-day's runs or a 24-hour playlist from the index alone (measured
    // 3.6 → 2.0 ms p50 and 8.5 → 5.3 ms p50 over 4.32 M rows); it supersedes recordings_camera_start.
    // `discontinuity` marks a file cut because the producer restarted or the init changed, which a
    // wall-clock gap test cannot see when the restart took less than the gap threshold.
    sql: `
      CREATE INDEX recordings_camera_span ON recordings(camera_id, start_ms, end_ms, state, bytes, id, path);
      DROP INDEX recordings_camera_start;
      ALTER TABLE recordings ADD COLUMN discontinuity INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    name: 'event log indexes for the user, enterprise and branch-and-type filters',
    // Measured with `npm run bench:events` (10 M events): each filter walks its own index newest first.
    sql: `
      CREATE INDEX events_user_at ON events(user_id, at);
      CREATE INDEX events_enterprise_at ON events(enterprise_id, at);
      CREATE INDEX events_unit_type_at ON events(org_unit_id, type, at);
    `,
  },
  {
    version: 5,
    name: 'login throttling',
    sql: `
      CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        locked_until INTEGER
      );
    `,
  },
  {
    version: 6,
    name: 'camera registration: push stream keys, ONVIF device address',
    sql: `
      ALTER TABLE cameras ADD COLUMN push_key_enc TEXT;
      ALTER TABLE cameras ADD COLUMN onvif_url TEXT;
    `,
  },
  {
    version: 7,
    name: 'federation: what a center mirrors from its branches',
    // `origin` names the branch hub an enterprise or camera is mirrored from (NULL: this hub's own); the branch
    // owns it, the center only reads it. A branch's events keep their id there, so a redelivery is not a duplicate.
    sql: `
      ALTER TABLE enterprises ADD COLUMN origin TEXT;
      ALTER TABLE cameras ADD COLUMN origin TEXT;
      CREATE INDEX cameras_origin ON cameras(origin) WHERE origin IS NOT NULL;
      ALTER TABLE events ADD COLUMN origin TEXT;
      ALTER TABLE events ADD COLUMN origin_id INTEGER;
      CREATE UNIQUE INDEX events_origin ON events(origin, origin_id) WHERE origin IS NOT NULL;
      CREATE TABLE federation_outbox (stream TEXT PRIMARY KEY, last_id INTEGER NOT NULL);
    `,
  },
  {
    version: 8,
    name: 'federation: footage retrieved from branch hubs',
    // A retrieved file is an ordinary recording of the mirrored camera; the map keeps the branch's id of each file
    // (the center's playlists name branch files by it) and its verified hash, and goes with the recording.
    sql: `
      CREATE TABLE federation_retrievals (
        id TEXT PRIMARY KEY,
        camera_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        state TEXT NOT NULL,
        files INTEGER NOT NULL DEFAULT 0,
        files_done INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        bytes_done INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        user_id TEXT,
        username TEXT,
        reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX federation_retrievals_camera ON federation_retrievals(camera_id, created_at);
      CREATE TABLE federation_retrieved (
        camera_id TEXT NOT NULL,
        branch_file_id INTEGER NOT NULL,
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (camera_id, branch_file_id)
      );
      CREATE INDEX federation_retrieved_recording ON federation_retrieved(recording_id);
    `,
  },
];

/** Every migration (applied in order of version): the core ones, supervision's, its scores', image health's. */
export const MIGRATIONS: readonly Migration[] = [
  ...CORE_MIGRATIONS,
  ...SUPERVISION_MIGRATIONS,
  ...SCORE_MIGRATIONS,
  ...IMAGE_HEALTH_MIGRATIONS,
];
