// Process entry only: load the config, build the hub, handle signals, set the exit code.
import { setFlagsFromString } from 'node:v8';
import { loadConfig } from './config/index.js';
import { Hub, type HubStartInfo } from './hub.js';
import { DEMO_PASSWORD } from './org/index.js';
import { isVigilError } from './shared/errors.js';
import { FAULT_CODES, isFatalFault } from './shared/faults.js';
import { createLogger, type Logger } from './shared/logger.js';

/**
 * A hub's JavaScript heap holds little (~30 MB at 100 cameras) but allocates steadily (a few objects per
 * fragment). V8 sets the next major GC at a small multiple of the live heap when marking it is fast, so it marked
 * the whole heap about twice a second: close to half of the hub's CPU at 100 cameras went to major GC. Letting the
 * old generation grow to four times the live heap first cut the hub's CPU per camera by more than half
 * (bench:ingest) for about 100 MB more heap at most.
 */
setFlagsFromString('--heap-growing-percent=300');

const EXIT_CONFIG = 78; // EX_CONFIG from sysexits.h: the configuration is wrong, restarting will not help.
const EXIT_FAILURE = 1;
/** Longest wait for the hub to stop after a fatal fault before the process exits anyway. */
const FATAL_STOP_MS = 10_000;

function printBanner(info: HubStartInfo, adminUser: string): void {
  const lines = ['', `  Vigil console: ${info.url}`];
  if (info.url !== info.httpUrl)
    lines.push(`  Plain HTTP:    ${info.httpUrl}  (grids of more than four cameras need the HTTPS address)`);
  // A center's nats-server takes the branch hubs' leaf connections here (their federation.centerUrl).
  if (info.nats?.leaf) lines.push(`  Leaf port for branch hubs: ${info.nats.leaf}`);
  const generatedAdminPassword = info.generatedAdminPassword;
  if (generatedAdminPassword) {
    lines.push(`  Administrator: ${adminUser} / ${generatedAdminPassword}   (shown once: write it down)`);
  }
  if (info.demoAccounts.length > 0) {
    lines.push(`  Demo accounts (password "${DEMO_PASSWORD}"):`, `    ${info.demoAccounts.join(', ')}`);
  }
  if (info.loopbackForDemo) {
    lines.push(
      `  Listening on ${info.host} only: the demo accounts still have the published password.`,
      '  Change their passwords (or turn the demo off) to serve other machines, or set server.host (VIGIL_HOST).',
    );
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Faults that escaped every handler: a request, a socket or a camera must not end the hub for everyone. They are
 * logged with a stable code and the hub keeps serving, unless the fault is fatal (see shared/faults.ts): then the
 * hub stops as cleanly as it can and exits with 1, for its supervisor to restart it.
 */
function keepServingThroughFaults(logger: Logger, stop: (reason: string) => Promise<void>): void {
  const onFault = (kind: 'rejection' | 'exception', error: unknown): void => {
    if (isFatalFault(error)) {
      logger.fatal({ err: error, code: FAULT_CODES.fatal, fault: kind }, 'fatal fault: stopping');
      void stop(FAULT_CODES.fatal);
      return;
    }
    logger.error(
      { err: error, code: FAULT_CODES[kind] },
      `${kind === 'rejection' ? 'unhandled rejection' : 'uncaught exception'}; still serving`,
    );
  };
  process.on('unhandledRejection', (reason) => onFault('rejection', reason));
  process.on('uncaughtException', (error) => onFault('exception', error));
}

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const { config, file } = loaded;
  const logger = createLogger({ level: config.log.level });
  logger.info({ config: file ?? 'embedded defaults', dataDir: config.dataDir }, 'starting Vigil');

  const hub = new Hub(config, logger);
  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // A fatal fault may have left the hub unable to stop: it must not hold the exit for ever.
    if (exitCode !== 0) setTimeout(() => process.exit(exitCode), FATAL_STOP_MS).unref();
    await hub.stop();
    logger.info('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  keepServingThroughFaults(logger, (reason) => shutdown(reason, EXIT_FAILURE));

  try {
    const info = await hub.start();
    printBanner(info, config.admin.username);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal({ err: error }, `cannot start: ${message}`);
    process.stderr.write(`Vigil cannot start: ${message}\n`);
    await hub.stop();
    process.exit(isVigilError(error) && error.code === 'VIGIL_CONFIG_INVALID' ? EXIT_CONFIG : EXIT_FAILURE);
  }
}

void main();
