// One SOAP POST with a hard deadline (connect + reply), a size cap, and every failure turned into an ONVIF reason.
import { request } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import { redactUrl } from '../shared/index.js';
import { onvifError } from './errors.js';
import { isAuthFault, localName, NotSoapError, readSoapReply } from './soap.js';
import { XmlSyntaxError, type XmlNode } from './xml.js';

export interface SoapPostOptions {
  url: string;
  envelope: string;
  operation: string;
  timeoutMs: number;
  /** Largest reply accepted; a device streaming endless data is cut off. Default 4 MiB. */
  maxBytes?: number;
  /** Checks the host before connecting and gives the address to connect to; throws to refuse it (admin reach). */
  resolveTarget?: ResolveTarget | undefined;
}

/** A host name or IP → the address to connect to (undefined: let the system resolve it); throws to refuse. */
export type ResolveTarget = (host: string) => Promise<string | undefined>;

interface RawReply {
  status: number;
  contentType: string;
  text: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

/** Posts an envelope and returns the SOAP body; throws a VigilError with an ONVIF reason otherwise. */
export async function soapPost(options: SoapPostOptions): Promise<XmlNode> {
  const endpoint = redactUrl(options.url);
  const details = { endpoint, operation: options.operation };
  const raw = await post(options, endpoint, await pinnedAddress(options));
  if (raw.status === 401) {
    throw onvifError(
      { ...details, reason: 'auth-failed', httpStatus: 401 },
      `authentication failed at ${endpoint} (HTTP 401)`,
    );
  }
  let reply;
  try {
    reply = readSoapReply(raw.text);
  } catch (error) {
    if (error instanceof XmlSyntaxError && looksLikeSoap(raw)) {
      throw onvifError(
        { ...details, reason: 'malformed', httpStatus: raw.status },
        `malformed reply from ${endpoint} to ${options.operation}: ${error.message}`,
        error,
      );
    }
    if (error instanceof XmlSyntaxError || error instanceof NotSoapError) {
      throw onvifError(
        { ...details, reason: 'not-onvif', httpStatus: raw.status },
        `not an ONVIF device at ${endpoint}: HTTP ${raw.status} ${raw.contentType || 'without content type'}, no SOAP reply`,
        error,
      );
    }
    throw error;
  }
  if (reply.kind === 'fault') {
    const { fault } = reply;
    const subcode = fault.subcodes[fault.subcodes.length - 1];
    const shown = `${fault.reason || 'no reason given'}${subcode ? ` (${subcode})` : ''}`;
    if (isAuthFault(fault)) {
      throw onvifError(
        { ...details, reason: 'auth-failed', httpStatus: raw.status, ...(subcode ? { subcode } : {}) },
        `authentication failed at ${endpoint}: ${shown}`,
      );
    }
    const unsupported = fault.subcodes.some((s) => ['ActionNotSupported', 'ActionNotSupport'].includes(localName(s)));
    throw onvifError(
      {
        ...details,
        reason: unsupported ? 'not-onvif' : 'fault',
        httpStatus: raw.status,
        ...(subcode ? { subcode } : {}),
      },
      `${options.operation} failed at ${endpoint}: ${shown}`,
    );
  }
  return reply.body;
}

function looksLikeSoap(raw: RawReply): boolean {
  return /soap|xml/i.test(raw.contentType) && /<([\w.-]+:)?Envelope[\s>]/.test(raw.text);
}

/** The address the host was checked as, so a name cannot resolve elsewhere between the check and the connect. */
async function pinnedAddress(options: SoapPostOptions): Promise<string | undefined> {
  if (!options.resolveTarget || !URL.canParse(options.url)) return undefined;
  return options.resolveTarget(new URL(options.url).hostname);
}

/** A lookup that answers with the pinned address (Node asks for one address or, with autoSelectFamily, all). */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_host, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function post(options: SoapPostOptions, endpoint: string, pinned: string | undefined): Promise<RawReply> {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const details = { endpoint, operation: options.operation };
  return new Promise<RawReply>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, reply?: RawReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) {
        req.destroy();
        reject(error);
      } else if (reply) resolve(reply);
    };
    const body = Buffer.from(options.envelope, 'utf8');
    let target: URL;
    try {
      target = new URL(options.url);
    } catch (error) {
      reject(onvifError({ ...details, reason: 'unreachable' }, `not a valid device address: ${endpoint}`, error));
      return;
    }
    if (target.protocol !== 'http:') {
      reject(onvifError({ ...details, reason: 'not-onvif' }, `unsupported scheme ${target.protocol} in ${endpoint}`));
      return;
    }
    const req = request(target, {
      method: 'POST',
      ...(pinned ? { lookup: pinnedLookup(pinned) } : {}),
      headers: {
        'Content-Type': `application/soap+xml; charset=utf-8`,
        'Content-Length': body.length,
        // One request per connection: no pooled socket outlives the deadline or the test.
        Connection: 'close',
      },
    });
    // A whole-request deadline, not an idle timeout: a device that trickles bytes must not hold a wizard forever.
    const deadline = setTimeout(() => {
      finish(
        onvifError(
          { ...details, reason: 'unreachable' },
          `${endpoint} did not answer ${options.operation} within ${options.timeoutMs} ms`,
        ),
      );
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      // Something answered, but not HTTP (an RTSP or telnet port given as the device address).
      if (code.startsWith('HPE_')) {
        finish(
          onvifError(
            { ...details, reason: 'not-onvif' },
            `not an ONVIF device at ${endpoint}: not HTTP (${code})`,
            error,
          ),
        );
        return;
      }
      const what = NETWORK_CODES.has(code) ? code : `${code || 'network error'}: ${error.message}`;
      finish(onvifError({ ...details, reason: 'unreachable' }, `${endpoint} is unreachable (${what})`, error));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          finish(onvifError({ ...details, reason: 'malformed' }, `reply from ${endpoint} exceeds ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      // A reply cut off mid-body is a malformed reply, not a network failure: the device did answer.
      res.on('aborted', () => {
        finish(
          onvifError({ ...details, reason: 'malformed' }, `reply from ${endpoint} to ${options.operation} was cut off`),
        );
      });
      res.on('error', (error) => {
        finish(
          onvifError(
            { ...details, reason: 'malformed' },
            `reply from ${endpoint} was cut off: ${error.message}`,
            error,
          ),
        );
      });
      res.on('end', () => {
        finish(undefined, {
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(body);
  });
}
