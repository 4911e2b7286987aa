// Credential redaction: every URL or free text passes through here before it reaches a log line, an event or an API response.

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@]*)@/gi;
const SECRET_QUERY = /([?&](?:password|passwd|pwd|pass|token|key|secret|auth|sign)=)[^&\s]*/gi;

/** Replaces `user:pass@` in every URL inside `text` with `***@`, and secret-looking query values with `***`. */
export function redactUrl(text: string): string {
  return text.replace(URL_USERINFO, '$1***@').replace(SECRET_QUERY, '$1***');
}

/** Removes given literal secrets (passwords, keys) wherever they appear, then redacts URLs. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return redactUrl(out);
}

/** Splits credentials out of an RTSP/RTMP/HTTP URL: the URL without them, and what they were. */
export function splitCredentials(raw: string): { url: string; username?: string; password?: string } {
  const parsed = new URL(raw);
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/** The URL without any credentials (for showing or storing); text that is no URL is redacted instead. */
export function withoutCredentials(raw: string): string {
  return URL.canParse(raw) ? splitCredentials(raw).url : redactUrl(raw);
}

/** Puts credentials into a URL (for handing it to ffmpeg only; never log the result). */
export function withCredentials(url: string, username?: string, password?: string): string {
  if (!username) return url;
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(username);
  parsed.password = password ? encodeURIComponent(password) : '';
  return parsed.toString();
}
