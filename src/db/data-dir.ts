// The data directory: created when missing, checked for writing before anything else uses it.
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError, errorMessage } from '../shared/errors.js';

/** Creates the directory (and its parents) if needed and proves it can be written. */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (error) {
    throw new VigilError(
      'VIGIL_DATA_DIR_UNWRITABLE',
      `The data directory ${dir} cannot be written (${errorMessage(error)}). ` +
        'Give the hub write access to it, or point VIGIL_DATA_DIR / dataDir to a writable directory.',
      { cause: error },
    );
  }
}
