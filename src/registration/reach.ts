// Admin reach: the addresses camera administration (device reads, stream tests, sweeps, saved URLs) may connect to.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { VigilError } from '../shared/errors.js';
import { parseAllowEntry, REACH_CONFIG_KEY, type ReachRule } from '../shared/reach-allow.js';

const WHAT: Record<ReachRule, string> = {
  loopback: 'a loopback address (this machine)',
  'link-local': 'a link-local address',
  'cloud-metadata': 'a cloud metadata service',
};

/** Instance metadata services: AWS/GCP/Azure/OpenStack, AWS ECS, Alibaba Cloud, AWS over IPv6. */
const METADATA_ADDRESSES = ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254'];
const METADATA_NAMES = /^(metadata|metadata\.google\.internal|metadata\.goog)\.?$/i;

function blockList(entries: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']>): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of entries) list.addSubnet(network, prefix, family);
  return list;
}

const CLASSES: ReadonlyArray<readonly [ReachRule, BlockList]> = [
  [
    'cloud-metadata',
    blockList(METADATA_ADDRESSES.map((a) => [a, isIP(a) === 4 ? 32 : 128, isIP(a) === 4 ? 'ipv4' : 'ipv6'])),
  ],
  [
    'link-local',
    blockList([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
  // 0.0.0.0 and :: connect to this machine too.
  [
    'loopback',
    blockList([
      ['127.0.0.0', 8, 'ipv4'],
      ['0.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
      ['::', 128, 'ipv6'],
    ]),
  ],
];

/** An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address it maps. */
function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return { address: mapped, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** The refusing class of an IP address, if any (pure). */
export function reachRuleOf(address: string): ReachRule | undefined {
  const ip = plain(address);
  return CLASSES.find(([, list]) => list.check(ip.address, ip.family))?.[0];
}

export class AdminReach {
  private readonly rules = new Set<ReachRule>();
  private readonly ranges = new BlockList();

  /** `allow`: rule names and ranges (the config's registration.allowTargets, plus loopback for the demo). */
  constructor(allow: readonly string[]) {
    for (const entry of allow) {
      const parsed = parseAllowEntry(entry);
      if ('rule' in parsed) this.rules.add(parsed.rule);
      else this.ranges.addSubnet(parsed.network, parsed.prefix, parsed.family);
    }
  }

  /** Throws VIGIL_TARGET_REFUSED when `address` (an IP) is refused; `shown` is what the admin typed. */
  check(address: string, shown = address): void {
    const rule = reachRuleOf(address);
    if (!rule || this.rules.has(rule)) return;
    const ip = plain(address);
    // A range may open link-local or loopback addresses; a metadata service only by its rule's own name.
    if (rule !== 'cloud-metadata' && this.ranges.check(ip.address, ip.family)) return;
    throw refused(rule, shown, address);
  }

  /**
   * Checks a host: a metadata name at once, an IP as it is, a name by every address it resolves to. Returns the
   * address to connect to (so a name cannot resolve elsewhere between check and connect), or undefined when the
   * name does not resolve here: the connection then fails on its own, as unreachable.
   */
  async resolve(host: string): Promise<string | undefined> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    if (METADATA_NAMES.test(bare) && !this.rules.has('cloud-metadata')) throw refused('cloud-metadata', host, bare);
    if (isIP(bare)) {
      this.check(bare, host);
      return bare;
    }
    let addresses: Array<{ address: string }>;
    try {
      addresses = await lookup(bare, { all: true, verbatim: true });
    } catch {
      // Not resolvable from here: nothing to connect to, so nothing to refuse.
      return undefined;
    }
    for (const { address } of addresses) this.check(address, host);
    return addresses[0]?.address;
  }
}

function refused(rule: ReachRule, shown: string, address: string): VigilError {
  const where = shown === address ? shown : `${shown} (${address})`;
  return new VigilError(
    'VIGIL_TARGET_REFUSED',
    `${where} is ${WHAT[rule]}: camera administration does not connect there. To allow it, add "${rule}"` +
      // A range opens loopback and link-local addresses; a metadata service only by its rule's name.
      `${rule === 'cloud-metadata' ? '' : ' (or its address range)'} to ${REACH_CONFIG_KEY} in the config.`,
    { details: { rule, address, configKey: REACH_CONFIG_KEY } },
  );
}

/** `url` with its host replaced by the checked address (a name is connected to where it was checked). */
export function pinnedUrl(url: string, address: string | undefined): string {
  if (!address) return url;
  const parsed = new URL(url);
  parsed.hostname = isIP(address) === 6 ? `[${address}]` : address;
  return parsed.toString();
}
