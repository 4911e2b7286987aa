// Writes events into a test hub's database through the real event log (a second connection to the same file).
import { join } from 'node:path';
import { openDatabase } from '../../src/db/index.js';
import { EventBus, EventLog, type DomainEvent, type LoggedEvent } from '../../src/events/index.js';
import { CameraStore } from '../../src/org/index.js';
import { SecretBox, silentLogger } from '../../src/shared/index.js';

export interface EventWriter {
  write(event: DomainEvent, at?: number): LoggedEvent;
  close(): void;
}

export function eventWriter(dataDir: string): EventWriter {
  const db = openDatabase(join(dataDir, 'vigil.db'));
  const cameras = new CameraStore(db, SecretBox.fromKeyFile(join(dataDir, 'secret.key')));
  const log = new EventLog(db, new EventBus(), silentLogger(), (cameraId) => cameras.get(cameraId));
  return {
    write(event, at) {
      const logged = log.write(event, at);
      if (!logged) throw new Error(`event ${event.type} was not written`);
      return logged;
    },
    close: () => db.close(),
  };
}
