// A center hub and a branch hub "east" on loopback, each with its own embedded nats-server, the branch a leaf node.
import type { FederationConfig } from '../../src/config/index.js';
import { descendantsOf } from './processes.js';
import { startTestHub, type TestCamera, type TestHub } from './test-hub.js';

export const BRANCH_PASSWORDS = { east: 'east-leaf-password-1', west: 'west-leaf-password-1' } as const;

/** Short heartbeats, leases and lingers, so that outages and releases show within seconds. */
export interface FederationTiming {
  heartbeatSeconds?: number;
  staleAfterSeconds?: number;
  leaseSeconds?: number;
  lingerSeconds?: number;
  /** Cap of retrievals, and the line rate of the branch links (all, or per branch). */
  retrievalKbps?: number;
  lineKbps?: number | Partial<Record<keyof typeof BRANCH_PASSWORDS, number>>;
}

export interface FederatedPair {
  center: TestHub;
  branch: TestHub;
  /** The west branch hub, when it was given cameras. */
  west: TestHub | undefined;
  stop(): Promise<void>;
}

/** Starts the center (accepting east and west), the east branch hub with `cameras`, and west's with `westCameras`. */
export async function startFederatedPair(
  cameras: readonly TestCamera[],
  timing: FederationTiming = {},
  westCameras?: readonly TestCamera[],
  /** Runs on east's seeded data directory before it starts (e.g. to place recordings it adopts at start). */
  prepareEast?: (dataDir: string) => void | Promise<void>,
): Promise<FederatedPair> {
  const { lineKbps, ...rest } = timing;
  const shared: Partial<FederationConfig> = { heartbeatSeconds: 0.5, staleAfterSeconds: 2, ...rest };
  const center = await startTestHub([], {
    federation: {
      ...shared,
      role: 'center',
      nats: { port: 0 },
      leaf: { host: '127.0.0.1', port: 0 },
      branches: Object.entries(BRANCH_PASSWORDS).map(([id, password]) => ({
        id,
        password,
        lineKbps: typeof lineKbps === 'object' ? lineKbps[id as keyof typeof BRANCH_PASSWORDS] : lineKbps,
      })),
    },
  });
  const branchHub = (id: keyof typeof BRANCH_PASSWORDS, own: readonly TestCamera[]) =>
    startTestHub(
      own,
      {
        federation: {
          ...shared,
          role: 'branch',
          branchId: id,
          nats: { port: 0 },
          centerUrl: `nats-leaf://127.0.0.1:${center.info.nats?.leaf}`,
          centerPassword: BRANCH_PASSWORDS[id],
        },
      },
      undefined,
      id === 'east' ? prepareEast : undefined,
    );
  const branch = await branchHub('east', cameras);
  const west = westCameras ? await branchHub('west', westCameras) : undefined;
  return {
    center,
    branch,
    west,
    stop: async () => {
      await west?.hub.stop();
      await branch.hub.stop();
      await center.hub.stop();
    },
  };
}

/** The embedded nats-server of a hub: the child whose config lies in that hub's data directory. */
export function natsPidOf(t: TestHub): number {
  const found = descendantsOf(process.pid).find((child) => child.command.includes(`${t.dataDir}/nats/nats.conf`));
  if (!found) throw new Error(`no nats-server of ${t.dataDir}`);
  return found.pid;
}
