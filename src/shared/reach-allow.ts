// The allow list of admin reach (config `registration.allowTargets`): rule names and address ranges, parsed once.
import { isIP } from 'node:net';

/** Address classes camera administration refuses unless the config allows them by name. */
export const REACH_RULES = ['loopback', 'link-local', 'cloud-metadata'] as const;
export type ReachRule = (typeof REACH_RULES)[number];

/** Where the allowance lives in the config file, for the error that names it. */
export const REACH_CONFIG_KEY = 'registration.allowTargets';

export type AllowEntry = { rule: ReachRule } | { network: string; prefix: number; family: 'ipv4' | 'ipv6' };

/** One entry: a rule's name, or an address or CIDR range ("10.8.0.0/16", "fe80::/64"); throws on anything else. */
export function parseAllowEntry(entry: string): AllowEntry {
  if ((REACH_RULES as readonly string[]).includes(entry)) return { rule: entry as ReachRule };
  const [network = '', bits, extra] = entry.split('/');
  const family = isIP(network);
  const max = family === 6 ? 128 : 32;
  const prefix = bits === undefined ? max : Number(bits);
  if (family === 0 || extra !== undefined || bits === '' || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new Error(`"${entry}" is neither ${REACH_RULES.join(', ')} nor an address or CIDR range`);
  }
  return { network, prefix, family: family === 6 ? 'ipv6' : 'ipv4' };
}
