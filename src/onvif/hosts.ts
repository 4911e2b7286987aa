// Host lists for a unicast sweep: IPv4 addresses and CIDR ranges expanded, de-duplicated and capped.
import { isIPv4 } from 'node:net';
import { VigilError } from '../shared/index.js';

/** Largest sweep accepted (a /20): more is a typo or a scan, not a camera subnet. */
export const MAX_SWEEP_HOSTS = 4096;

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function toIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Expands "10.0.0.5", "10.0.0.0/28" or "10.0.0.5-10.0.0.9" (also several, comma or space separated) into addresses.
 * Network and broadcast addresses of ranges up to /30 are left out.
 */
export function expandHosts(specs: string | readonly string[], max = MAX_SWEEP_HOSTS): string[] {
  const list = (typeof specs === 'string' ? [specs] : specs).flatMap((s) => s.split(/[\s,]+/)).filter((s) => s !== '');
  const out = new Set<string>();
  for (const spec of list) {
    for (const ip of expandOne(spec, max)) {
      out.add(ip);
      if (out.size > max) {
        throw new VigilError('VIGIL_VALIDATION', `a sweep is limited to ${max} addresses; narrow the range`);
      }
    }
  }
  return [...out];
}

function expandOne(spec: string, max: number): string[] {
  const invalid = (): VigilError =>
    new VigilError('VIGIL_VALIDATION', `not an IPv4 address, range or CIDR block: ${JSON.stringify(spec)}`);
  if (isIPv4(spec)) return [spec];
  const dash = /^([\d.]+)-([\d.]+)$/.exec(spec);
  if (dash && isIPv4(dash[1]!) && isIPv4(dash[2]!)) {
    const from = toInt(dash[1]!);
    const to = toInt(dash[2]!);
    if (to < from || to - from + 1 > max) throw invalid();
    return Array.from({ length: to - from + 1 }, (_, i) => toIp(from + i));
  }
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(spec);
  if (!cidr || !isIPv4(cidr[1]!)) throw invalid();
  const bits = Number(cidr[2]);
  if (bits > 32) throw invalid();
  const size = 2 ** (32 - bits);
  if (size > max + 2) {
    throw new VigilError('VIGIL_VALIDATION', `a sweep is limited to ${max} addresses; /${bits} is too wide`);
  }
  const base = Math.floor(toInt(cidr[1]!) / size) * size;
  // /31 and /32 have no network or broadcast address to skip (RFC 3021).
  const skip = size >= 4 ? 1 : 0;
  return Array.from({ length: size - 2 * skip }, (_, i) => toIp(base + skip + i));
}
