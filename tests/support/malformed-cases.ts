// The malformed-input cases: what a case is, the hub it runs against, and a bounded pool that runs a table of them.
import { encodeRequest, exchange, judge, type Expectation, type RawRequest } from './raw-http.js';

export const DOORS = ['rest', 'media', 'csv', 'rtmp', 'socket.io', 'connections'] as const;
export type Door = (typeof DOORS)[number];

/** The live hub the cases talk to. */
export interface Target {
  httpPort: number;
  rtmpPort: number;
  /** Session cookies (`vigil_session=…`) of a center admin and of a branch inspector who sees the demo cameras. */
  cookies: { admin: string; inspector: string };
  /** A closed recording file of demo-cam-01. */
  recordingId: number;
}

/** One malformed input: runs it and says what was wrong with the hub's answer, or undefined when it was right. */
export interface Case {
  door: Door;
  name: string;
  run(target: Target): Promise<string | undefined>;
}

export interface Failure {
  door: Door;
  name: string;
  reason: string;
}

/** Long enough for a first live playlist (it waits up to 10 s for the camera's first part) on a busy machine. */
export const ANSWER_TIMEOUT_MS = 15_000;

export interface HttpCaseOptions {
  /** Ends our side after sending: the hub must answer or close, not wait for the rest. */
  halfClose?: boolean;
  /** An engine.io upgrade may answer 101. */
  allowUpgrade?: boolean;
}

/** A case that sends one raw HTTP request and judges the answer. */
export function httpCase(
  door: Door,
  name: string,
  expectation: Expectation,
  request: (target: Target) => RawRequest | Buffer,
  options: HttpCaseOptions = {},
): Case {
  return {
    door,
    name,
    run: async (target) => {
      const built = request(target);
      const payload = Buffer.isBuffer(built) ? built : encodeRequest(built);
      const answer = await exchange(target.httpPort, payload, {
        timeoutMs: ANSWER_TIMEOUT_MS,
        halfClose: options.halfClose ?? false,
      });
      return judge(answer, expectation, options.allowUpgrade);
    },
  };
}

export interface RunReport {
  failures: Failure[];
  /** Names of the cases that were running when `stopped` first returned true (e.g. the hub exited). */
  inFlightAtStop: string[];
}

/**
 * Runs the cases `concurrency` at a time; every case is bounded by its own timeouts. `stopped` is polled between
 * cases: once it is true, the cases left are failed with its reason instead of being sent.
 */
export async function runCases(
  cases: readonly Case[],
  target: Target,
  concurrency: number,
  stopped: () => string | undefined,
): Promise<RunReport> {
  const failures: Failure[] = [];
  const inFlight = new Set<string>();
  let inFlightAtStop: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const item = cases[next++] as Case;
      const why = stopped();
      if (why) {
        if (inFlightAtStop.length === 0) inFlightAtStop = [...inFlight];
        failures.push({ door: item.door, name: item.name, reason: `not sent: ${why}` });
        continue;
      }
      inFlight.add(item.name);
      const answer = await item.run(target).catch((error: unknown) => `the case threw: ${String(error)}`);
      inFlight.delete(item.name);
      // A connection closed by a dying hub is no answer.
      const reason = answer ?? (stopped() && `passed only because ${stopped()}`);
      if (reason) failures.push({ door: item.door, name: item.name, reason });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { failures, inFlightAtStop };
}

/** Failures grouped by reason, for a readable report: `reason (n): first names`. */
export function describeFailures(failures: readonly Failure[], namesPerGroup = 6): string {
  const groups = new Map<string, Failure[]>();
  for (const failure of failures) {
    const key = `${failure.door}: ${failure.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([key, list]) => {
      const names = list.slice(0, namesPerGroup).map((f) => f.name);
      const more = list.length > namesPerGroup ? `, … ${list.length - namesPerGroup} more` : '';
      return `${key} (${list.length}): ${names.join(' | ')}${more}`;
    })
    .join('\n');
}
