// The migrations of supervision scores: camera-day scores stored once a day is over, and the queue of late facts
// (a status event or a recording of a day already scored) that correct them.
import type { Migration } from './migration.js';

export const SCORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 14,
    name: 'camera-day scores and their corrections',
    // A day is scored once it is over; `scored_until_ms` is where the scored days end. Triggers queue what arrives
    // later for a scored day (a federated event, a retrieved recording, a closure an admin corrects), so the roll-up
    // rescores just those cameras and days instead of walking the log again. Retention deleting recordings changes
    // nothing: the scores stay what they were.
    sql: `
      CREATE TABLE camera_day_scores (
        camera_id TEXT NOT NULL,
        day TEXT NOT NULL,
        enterprise_id TEXT NOT NULL,
        production_minutes INTEGER NOT NULL,
        online_minutes INTEGER NOT NULL,
        recorded_seconds INTEGER NOT NULL,
        computed_at INTEGER NOT NULL,
        PRIMARY KEY (camera_id, day)
      ) WITHOUT ROWID;
      CREATE INDEX camera_day_scores_day ON camera_day_scores(day, enterprise_id);
      CREATE INDEX camera_day_scores_enterprise ON camera_day_scores(enterprise_id, day);
      CREATE TABLE score_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        scored_through TEXT NOT NULL,
        scored_until_ms INTEGER NOT NULL
      );
      CREATE TABLE score_stale (
        camera_id TEXT NOT NULL,
        from_ms INTEGER,
        day TEXT,
        CHECK ((from_ms IS NULL) <> (day IS NULL))
      );
      CREATE TRIGGER score_stale_recording AFTER INSERT ON recordings
        WHEN NEW.stream = 'main' AND NEW.start_ms < (SELECT scored_until_ms FROM score_state WHERE id = 1)
        BEGIN INSERT INTO score_stale (camera_id, from_ms) VALUES (NEW.camera_id, NEW.start_ms); END;
      CREATE TRIGGER score_stale_status AFTER INSERT ON events
        WHEN NEW.type IN ('camera.online', 'camera.offline', 'camera.reconnecting') AND NEW.camera_id IS NOT NULL
          AND NEW.at < (SELECT scored_until_ms FROM score_state WHERE id = 1)
        BEGIN INSERT INTO score_stale (camera_id, from_ms) VALUES (NEW.camera_id, NEW.at); END;
      CREATE TRIGGER score_stale_closure_added AFTER INSERT ON enterprise_closures
        WHEN NEW.day <= (SELECT scored_through FROM score_state WHERE id = 1)
        BEGIN INSERT INTO score_stale (camera_id, day)
          SELECT id, NEW.day FROM cameras WHERE enterprise_id = NEW.enterprise_id; END;
      CREATE TRIGGER score_stale_closure_removed AFTER DELETE ON enterprise_closures
        WHEN OLD.day <= (SELECT scored_through FROM score_state WHERE id = 1)
        BEGIN INSERT INTO score_stale (camera_id, day)
          SELECT id, OLD.day FROM cameras WHERE enterprise_id = OLD.enterprise_id; END;
      CREATE TABLE score_alerts (
        enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
        notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
        through_day TEXT NOT NULL,
        online_rate REAL NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (enterprise_id, notice_id)
      );
    `,
  },
];
