// Runs the native RTSP engine against a URL until it has enough fragments or ends; writes what it got as one file.
import { writeFileSync } from 'node:fs';
import { RtspIngest, type Credentials, type RtspFailure } from '../../src/rtsp/index.js';
import { parseFragment, type Fragment, type InitSegment } from '../../src/stream/index.js';

export interface Capture {
  readonly inits: InitSegment[];
  readonly fragments: Fragment[];
  /** Why the run ended by itself; undefined when it was stopped after enough fragments. */
  readonly failure: RtspFailure | undefined;
  /** Fragments whose own facts differ from what parseFragment reads from their bytes. */
  readonly mismatches: number;
  readonly log: string[];
}

/** Resolves after `fragments` fragments (then stops the run), at the run's end, or after `timeoutMs`. */
export function capture(
  url: string,
  options: { fragments: number; credentials?: Credentials; timeoutMs?: number },
): Promise<Capture> {
  const inits: InitSegment[] = [];
  const fragments: Fragment[] = [];
  const log: string[] = [];
  let mismatches = 0;
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const finish = (failure: RtspFailure | undefined): void => {
      clearTimeout(timer);
      ingest.stop();
      resolve({ inits, fragments, failure, mismatches, log });
    };
    const ingest = new RtspIngest({
      url,
      credentials: options.credentials,
      timeoutMs: 5_000,
      log: (line) => log.push(line),
      sink: {
        pushInit: (init) => inits.push(init),
        pushFragment: (fragment) => {
          const init = inits.at(-1);
          if (!init) throw new Error('fragment before init');
          const { data: _bytes, ...read } = parseFragment(fragment.data, init, fragment.receivedAt);
          const { data: _own, ...own } = fragment;
          if (JSON.stringify(read) !== JSON.stringify(own)) mismatches++;
          fragments.push(fragment);
          if (fragments.length >= options.fragments) finish(undefined);
        },
      },
      onEnd: (failure) => finish(failure),
    });
    timer = setTimeout(() => finish(undefined), options.timeoutMs ?? 20_000);
    ingest.start();
  });
}

/** The init segment and every fragment in order, as one MP4 file ffprobe can read. */
export function writeCapture(file: string, result: Capture): void {
  const first = result.inits[0];
  if (!first) throw new Error('no init segment');
  writeFileSync(file, Buffer.concat([first.data, ...result.fragments.map((f) => f.data)]));
}
