// Network helpers for tests: a loopback TCP port nobody is listening on.
import { createServer } from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
