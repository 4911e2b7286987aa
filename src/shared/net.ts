// Network addresses as the listeners see them: loopback clients, and a listen address decided at start.

/** True for a client address on this machine's loopback (IPv4, IPv6, or IPv4 mapped into IPv6). */
export const isLoopback = (address: string | undefined): boolean =>
  address !== undefined && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));

/** A listen address known now, or only when the listener starts (it may depend on what the start found). */
export type ListenHost = string | (() => string);

export const hostOf = (host: ListenHost): string => (typeof host === 'function' ? host() : host);
