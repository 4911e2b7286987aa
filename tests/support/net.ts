// Network helpers for tests: a loopback TCP port nobody is listening on.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Below Linux's ephemeral range (32768–60999 by default), where the kernel picks client source ports. */
const RANGE = { from: 20_000, to: 32_000 } as const;

async function bindable(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

/**
 * A port that was free on 127.0.0.1 a moment ago, outside the ephemeral range. Tests use it for a camera that
 * appears later while a client keeps retrying it: a retried connect to an ephemeral port can be handed that very
 * port as its source and connect to itself, and the late server then fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = RANGE.from + Math.floor(Math.random() * (RANGE.to - RANGE.from));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${RANGE.from}–${RANGE.to}`);
}

/**
 * A loopback port free a moment ago, found without awaiting: for a config that must name it while it is built
 * (a child process binds port 0 and reports what the kernel gave).
 */
export function freePortNow(): number {
  const script =
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => " +
    '{ process.stdout.write(String(s.address().port)); s.close(); });';
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
