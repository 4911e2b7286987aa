// Pure builders of nats-server configuration files for the center and for a branch, and the subjects they guard.

/** The JetStream domain of the center; a branch's domain is its branch id. */
export const CENTER_DOMAIN = 'center';
/** The one NATS account every hub, branch leaf and center client lives in. */
export const ACCOUNT = 'VIGIL';
/** The user the hub itself connects as, on its own nats-server. */
export const HUB_USER = 'hub';

/** Subjects of one branch. Everything a branch publishes lies under its own prefix. */
export const subjects = {
  prefix: (branchId: string) => `vigil.${branchId}`,
  catalog: (branchId: string) => `vigil.${branchId}.catalog`,
  events: (branchId: string) => `vigil.${branchId}.events`,
  heartbeat: (branchId: string) => `vigil.${branchId}.heartbeat`,
  /** Where a branch delivers what the center sources from it (still under the branch's own prefix). */
  deliver: (branchId: string, stream: string) => `vigil.${branchId}.deliver.${stream.toLowerCase()}`,
  /** Requests for live leases (open, renew, close), center → branch. */
  lease: (branchId: string) => `vigil.${branchId}.lease`,
  /** What a branch recorded of a camera, center → branch. */
  ranges: (branchId: string) => `vigil.${branchId}.rec.ranges`,
  /** A branch camera's recording files, their bytes and their hashes, center → branch. */
  recFiles: (branchId: string) => `vigil.${branchId}.rec.files`,
  recRead: (branchId: string) => `vigil.${branchId}.rec.read`,
  recHash: (branchId: string) => `vigil.${branchId}.rec.hash`,
  /** The media of one lease, branch → center. */
  live: (branchId: string, leaseId: string) => `vigil.${branchId}.live.${leaseId}`,
  /** The JetStream API of a branch's domain, as the center reaches it across the leaf connection. */
  jsApi: (branchId: string) => `$JS.${branchId}.API`,
} as const;

/**
 * What a branch's leaf connection may carry. Publish (branch → center): its own subjects, replies to the center's
 * requests (`_INBOX`) and to the center's JetStream, which sources the branch's streams (`$JSC.R`). Subscribe
 * (center → branch): its own subjects, its own domain's JetStream API and the flow control of those sources.
 */
export function branchPermissions(branchId: string): { publish: string[]; subscribe: string[] } {
  const own = `${subjects.prefix(branchId)}.>`;
  return {
    publish: [own, '$JSC.R.>', '_INBOX.>'],
    subscribe: [own, `${subjects.jsApi(branchId)}.>`, '_INBOX.>', '$JS.FC.>'],
  };
}

/** A quoted string in nats-server's config syntax (JSON's escapes are accepted there). */
const quoted = (value: string): string => JSON.stringify(value);
const list = (values: readonly string[]): string => `[${values.map(quoted).join(', ')}]`;
/** nats-server reads port 0 as "the default port" (or "off" for leaf nodes) and -1 as "any free port". */
const portValue = (port: number): number => (port === 0 ? -1 : port);

interface Common {
  /** Client port on 127.0.0.1 (0: any free one, read back from the ports file). */
  port: number;
  storeDir: string;
  hubPassword: string;
}

export interface CenterConf extends Common {
  leafHost: string;
  leafPort: number;
  branches: readonly { id: string; password: string }[];
}

export interface BranchConf extends Common {
  branchId: string;
  /** nats-leaf://host:port of the center. */
  centerUrl: string;
  centerPassword: string;
}

function header(name: string, domain: string, conf: Common): string[] {
  return [
    `server_name: ${quoted(name)}`,
    'host: "127.0.0.1"',
    `port: ${portValue(conf.port)}`,
    `jetstream { domain: ${quoted(domain)}, store_dir: ${quoted(conf.storeDir)} }`,
    // A WAN link that drops without a FIN (a cut line) is found dead within ~6 s, not after TCP's retransmissions,
    // so the branch dials again as soon as the line is back.
    'ping_interval: "2s"',
    'ping_max: 3',
  ];
}

export function centerConf(conf: CenterConf): string {
  const users = [
    `      { user: ${quoted(HUB_USER)}, password: ${quoted(conf.hubPassword)} }`,
    ...conf.branches.map((branch) => {
      const { publish, subscribe } = branchPermissions(branch.id);
      return (
        `      { user: ${quoted(branch.id)}, password: ${quoted(branch.password)}, ` +
        `permissions: { publish: { allow: ${list(publish)} }, subscribe: { allow: ${list(subscribe)} } } }`
      );
    }),
  ];
  return [
    ...header('vigil-center', CENTER_DOMAIN, conf),
    `accounts {`,
    `  ${ACCOUNT} {`,
    `    jetstream: enabled`,
    `    users: [`,
    ...users,
    `    ]`,
    `  }`,
    `}`,
    `leafnodes { host: ${quoted(conf.leafHost)}, port: ${portValue(conf.leafPort)} }`,
    '',
  ].join('\n');
}

export function branchConf(conf: BranchConf): string {
  const center = new URL(conf.centerUrl);
  center.username = encodeURIComponent(conf.branchId);
  center.password = encodeURIComponent(conf.centerPassword);
  return [
    ...header(`vigil-${conf.branchId}`, conf.branchId, conf),
    `accounts {`,
    `  ${ACCOUNT} { jetstream: enabled, users: [ { user: ${quoted(HUB_USER)}, password: ${quoted(conf.hubPassword)} } ] }`,
    `}`,
    // The branch dials out: the center never needs to reach into the branch's network.
    `leafnodes { reconnect: 1, remotes: [ { urls: [${quoted(center.href)}], account: ${quoted(ACCOUNT)} } ] }`,
    '',
  ].join('\n');
}
