// Byte stream → typed init/fragments: the box reader plus the parsers, with the wall clock stamped on arrival.
import { VigilError } from '../shared/index.js';
import { BoxReader, type BoxReaderOptions } from './box-reader.js';
import { parseFragment, parseInit, type Fragment, type InitSegment } from './fmp4.js';

export type DemuxedItem =
  { readonly type: 'init'; readonly init: InitSegment } | { readonly type: 'fragment'; readonly fragment: Fragment };

export interface DemuxerOptions extends BoxReaderOptions {
  /** Wall clock in ms; injectable for tests. */
  readonly now?: () => number;
}

/** The sink a demuxer feeds; CameraStream satisfies it. */
export interface MediaSink {
  pushInit(init: InitSegment): void;
  pushFragment(fragment: Fragment): void;
}

export class Fmp4Demuxer {
  private readonly reader: BoxReader;
  private readonly now: () => number;
  private init: InitSegment | undefined;

  constructor(options: DemuxerOptions = {}) {
    this.reader = new BoxReader(options);
    this.now = options.now ?? Date.now;
  }

  get currentInit(): InitSegment | undefined {
    return this.init;
  }

  /** Feeds one stdout chunk. All groups completed by it share one arrival time. Throws VigilError on garbage. */
  push(chunk: Buffer): DemuxedItem[] {
    const groups = this.reader.push(chunk);
    if (groups.length === 0) return [];
    const receivedAt = this.now();
    const out: DemuxedItem[] = [];
    for (const group of groups) {
      if (group.kind === 'init') {
        this.init = parseInit(group.data);
        out.push({ type: 'init', init: this.init });
      } else {
        if (!this.init) throw new VigilError('VIGIL_VALIDATION', 'fMP4 stream: fragment before init segment');
        out.push({ type: 'fragment', fragment: parseFragment(group.data, this.init, receivedAt) });
      }
    }
    return out;
  }

  /** Feeds one chunk straight into a sink (the ingest's stdout 'data' handler). */
  pushTo(chunk: Buffer, sink: MediaSink): void {
    for (const item of this.push(chunk)) {
      if (item.type === 'init') sink.pushInit(item.init);
      else sink.pushFragment(item.fragment);
    }
  }

  /** Starts over for a new producer run. */
  reset(): void {
    this.reader.reset();
    this.init = undefined;
  }
}
