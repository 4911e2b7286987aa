// The migrations of camera image health: each check's verdict and metrics, and each camera's reference picture.
import type { Migration } from './migration.js';

export const IMAGE_HEALTH_MIGRATIONS: readonly Migration[] = [
  {
    version: 15,
    name: 'image-health checks',
    sql: `
      CREATE TABLE image_checks (
        id INTEGER PRIMARY KEY,
        camera_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('ok', 'black', 'blurred', 'covered', 'shifted', 'unavailable')),
        trigger TEXT NOT NULL CHECK (trigger IN ('daily', 'on_demand')),
        metrics TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX image_checks_camera ON image_checks(camera_id, at);
      CREATE INDEX image_checks_at ON image_checks(at);
    `,
  },
  {
    version: 16,
    name: 'image-health reference pictures',
    sql: `
      CREATE TABLE image_references (
        camera_id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        taken_at INTEGER NOT NULL,
        taken_by TEXT,
        taken_by_name TEXT
      );
    `,
  },
];
