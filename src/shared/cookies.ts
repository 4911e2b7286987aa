// The one Cookie header parser, for the API and socket.io alike: bad input is no cookie, never a throw.

/**
 * The value of one cookie in a Cookie header, percent-decoded; undefined when absent or malformed.
 * A caller can send anything here, so a value that does not decode counts as no cookie at all.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    return decodeCookieValue(part.slice(eq + 1).trim());
  }
  return undefined;
}

function decodeCookieValue(raw: string): string | undefined {
  const unquoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!unquoted.includes('%')) return unquoted;
  try {
    return decodeURIComponent(unquoted);
  } catch (error) {
    // URIError: a malformed escape such as `%E0%A4%A`; nothing downstream may see half a value.
    if (error instanceof URIError) return undefined;
    throw error;
  }
}
