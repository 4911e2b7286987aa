// URI fixes for devices behind NAT or with a wrong configured address: put in the host the hub actually reached.

export interface CorrectedUri {
  uri: string;
  /** True when the host was replaced. */
  corrected: boolean;
}

/**
 * Replaces the host of `reported` with `reachedHost` when they differ (keeping scheme, port, path and query).
 * Why: a camera reports the address it believes it has (a LAN address behind NAT, an unset 192.168.1.64, a
 * 10.x of another site), but the hub can only use the address it reached the device service at.
 */
export function correctHost(reported: string, reachedHost: string): CorrectedUri {
  let parsed: URL;
  try {
    parsed = new URL(reported);
  } catch {
    // Not an absolute URL (some devices report a bare path): resolve it against the reached host.
    return { uri: reported, corrected: false };
  }
  const host = reachedHost.includes(':') && !reachedHost.startsWith('[') ? `[${reachedHost}]` : reachedHost;
  if (parsed.hostname.toLowerCase() === host.toLowerCase()) return { uri: reported, corrected: false };
  parsed.hostname = host;
  return { uri: parsed.toString(), corrected: true };
}

/** The host part (no port, no brackets) of a URL. */
export function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '');
}
