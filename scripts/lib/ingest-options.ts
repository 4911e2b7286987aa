// Command-line options of bench:ingest, checked into one object (a bad value exits with status 2).
import { parseArgs } from 'node:util';

/** The whole benchmark is aborted past this; every loop in it is bounded by it too. */
export const HARD_LIMIT_MS = 15 * 60_000;

export interface IngestOptions {
  cameras: number;
  windowSeconds: number;
  samples: number;
  settleSeconds: number;
  bitrateKbps: number;
  /** Camera counts to run, each with a fresh hub: N/2 and N, or N alone. */
  sizes: number[];
  cpuProfile: boolean;
  /** Record every camera as well (continuous mode); else the cameras run for their live viewers only. */
  record: boolean;
  /** Extra flags for the hub's node. */
  hubNodeArgs: string[];
  /** Also write the hub's stdout and stderr to this file. */
  hubLog: string | undefined;
  /** The hub's ingest engine (`ingest.engine`); undefined: the hub's default. */
  engine: 'native' | 'ffmpeg' | undefined;
}

/** Reads process.argv; `--help` prints the usage and exits. */
export function readIngestOptions(): IngestOptions {
  const { values: args } = parseArgs({
    options: {
      cameras: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '20' },
      samples: { type: 'string', default: '3' },
      settle: { type: 'string', default: '15' },
      bitrate: { type: 'string', default: '2000' },
      single: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      /** Extra flags for the hub's node, e.g. --hub-node-arg=--trace-gc (repeatable). */
      'hub-node-arg': { type: 'string', multiple: true, default: [] },
      /** Also write the hub's stdout and stderr to this file (e.g. for --trace-gc). */
      'hub-log': { type: 'string' },
      engine: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });

  if (args.help) {
    console.log(
      'usage: tsx scripts/bench-ingest.ts [--cameras N=100] [--seconds 20] [--samples 3] [--settle 15] [--bitrate 2000] ' +
        '[--single] [--record] [--engine native|ffmpeg] [--cpu-prof] [--hub-node-arg=FLAG ...] [--hub-log=FILE]',
    );
    process.exit(0);
  }

  const cameras = intArg('cameras', args.cameras, 1, 1000);
  const engine = args.engine;
  if (engine !== undefined && engine !== 'native' && engine !== 'ffmpeg') {
    console.error(`--engine must be native or ffmpeg (got ${engine})`);
    process.exit(2);
  }
  return {
    cameras,
    windowSeconds: intArg('seconds', args.seconds, 2, 300),
    samples: intArg('samples', args.samples, 1, 20),
    settleSeconds: intArg('settle', args.settle, 0, 300),
    bitrateKbps: intArg('bitrate', args.bitrate, 2000, 20000),
    sizes: args.single || cameras < 4 ? [cameras] : [Math.round(cameras / 2), cameras],
    cpuProfile: args['cpu-prof'],
    record: args.record,
    hubNodeArgs: args['hub-node-arg'] ?? [],
    hubLog: args['hub-log'],
    engine,
  };
}

function intArg(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer in [${min}, ${max}] (got ${value})`);
    process.exit(2);
  }
  return n;
}
