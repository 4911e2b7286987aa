// The port of the component tests' hub: chosen once per run (or given), named by the config, used by the global setup.
import { freePortNow } from '../support/net.js';

const VARIABLE = 'VIGIL_COMPONENT_HUB_PORT';

/** The port from VIGIL_COMPONENT_HUB_PORT, else a free loopback port, kept in it for the rest of this process. */
export function hubPort(): number {
  process.env[VARIABLE] ??= String(freePortNow());
  const port = Number(process.env[VARIABLE]);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`${VARIABLE} is not a port`);
  return port;
}
