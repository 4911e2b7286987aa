// pino logger: one root, a child per module and per camera; credentials are scrubbed from every line.
import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';
import { redactUrl } from './redact.js';

export type { Logger };

const SECRET_KEYS = ['password', 'passwordHash', 'secret', 'token', 'cookie', 'authorization', 'streamKey', 'key'];

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactUrl(value);
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = new Error(redactUrl(value.message));
    copy.name = value.name;
    copy.stack = value.stack ? redactUrl(value.stack) : undefined;
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEYS.includes(key) ? '[redacted]' : scrub(inner, depth - 1);
  }
  return out;
}

export interface LoggerSettings {
  level?: string;
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.VIGIL_LOG_LEVEL ?? 'info',
    base: { app: 'vigil' },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg) => scrub(arg, 4)) as Parameters<typeof method>;
        method.apply(this, cleaned);
      },
    },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
