// A debug-level logger whose lines are kept in memory, for tests that check what reached the log.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/shared/index.js';

export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  });
  return { logger, lines };
}
