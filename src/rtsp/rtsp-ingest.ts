// One native ingest run: OPTIONS, DESCRIBE, SETUP of the video track over TCP, PLAY, keep-alive, TEARDOWN; RTP →
// access units → init segment + fragments into a sink. Ends once, with the reason (none when stopped).
import type { Fragment, InitSegment } from '../stream/index.js';
import { AccessUnitAssembler, AccessUnitError, type AccessUnit, type AccessUnitStats } from './access-units.js';
import { rulesFor, type ParameterSetKind } from './codec-rules.js';
import { DecodeTimeline, ReorderError, TimeJumpError, type TimedUnit } from './decode-timeline.js';
import { H264Depacketizer, H265Depacketizer } from './depacketizer.js';
import { Fragmenter } from './fragmenter.js';
import { buildInitSegment, requiredSets, videoConfig, type VideoConfig } from './init-segment.js';
import { header } from './interleaved-reader.js';
import { ReceiverReports } from './receiver-reports.js';
import type { Credentials } from './rtsp-auth.js';
import { RtspConnection } from './rtsp-connection.js';
import { RtspFailure } from './rtsp-failure.js';
import { parseSdpVideo, type SdpVideoTrack } from './sdp.js';

const DEFAULT_SESSION_TIMEOUT_S = 60;

export interface RtspIngestSink {
  pushInit(init: InitSegment): void;
  pushFragment(fragment: Fragment): void;
}

export interface RtspIngestOptions {
  /** rtsp://… without credentials. */
  readonly url: string;
  readonly credentials?: Credentials | undefined;
  /** Connect and each request. Default 10 s. */
  readonly timeoutMs?: number;
  readonly sink: RtspIngestSink;
  /** Called once when the run ends by itself; not after stop(). */
  readonly onEnd: (failure: RtspFailure) => void;
  /** Progress lines for the camera's detail view (no credentials in them). */
  readonly log?: (line: string) => void;
  readonly fragmentMs?: number;
  /** RTCP receiver reports this often. Default 5 s. */
  readonly receiverReportMs?: number;
  readonly now?: () => number;
}

export class RtspIngest {
  private readonly connection: RtspConnection;
  private readonly fragmenter: Fragmenter;
  private readonly sets = new Map<ParameterSetKind, Buffer>();
  private assembler: AccessUnitAssembler | undefined;
  private track: SdpVideoTrack | undefined;
  private config: VideoConfig | undefined;
  private rtpChannel = 0;
  private playUrl: string;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private reportTimer: ReturnType<typeof setInterval> | undefined;
  private readonly reception = new ReceiverReports();
  private timeline: DecodeTimeline | undefined;
  private decodeBase: number | undefined;
  private needsConfig = false;
  private initSent = false;
  private ended = false;
  private playing = false;

  constructor(private readonly options: RtspIngestOptions) {
    this.playUrl = options.url;
    this.connection = new RtspConnection({
      url: options.url,
      credentials: options.credentials,
      timeoutMs: options.timeoutMs ?? 10_000,
      onFrame: (channel, payload) => this.onFrame(channel, payload),
      onEnd: (failure) => this.end(failure),
    });
    this.fragmenter = new Fragmenter({
      emit: (fragment) => options.sink.pushFragment(fragment),
      ...(options.fragmentMs !== undefined ? { fragmentMs: options.fragmentMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** Packet, loss and drop counts of the video track. */
  get stats(): AccessUnitStats | undefined {
    return this.assembler?.stats;
  }

  /** Connects and starts the stream; failures end the run through onEnd. */
  start(): void {
    this.negotiate().catch((error: unknown) => {
      this.end(error instanceof RtspFailure ? error : RtspFailure.protocol(String(error)));
    });
  }

  /** Sends TEARDOWN (when playing) and closes; onEnd is not called. */
  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.clearKeepAlive();
    if (this.playing) this.connection.sendAndForget('TEARDOWN', this.playUrl);
    this.connection.close();
  }

  private async negotiate(): Promise<void> {
    const url = this.options.url;
    this.log(`connecting to ${url}`);
    await this.connection.connect();
    const options = await this.connection.request('OPTIONS', url);
    const describe = await this.connection.request('DESCRIBE', url, { Accept: 'application/sdp' });
    const base = header(describe, 'content-base') ?? header(describe, 'content-location') ?? url;
    const verdict = parseSdpVideo(describe.body.toString('utf8'), base);
    if (!verdict.handled)
      throw RtspFailure.notHandled(verdict.hasVideo ? 'unsupported_codec' : 'no_video', verdict.reason);
    const track = verdict.track;
    this.track = track;
    this.playUrl = verdict.sessionUrl;
    const depacketizer = track.codec === 'h264' ? new H264Depacketizer() : new H265Depacketizer();
    const rules = rulesFor(track.codec);
    this.assembler = new AccessUnitAssembler(rules, depacketizer, (unit) => this.onAccessUnit(unit));
    for (const nal of track.parameterSets) {
      const kind = rules.parameterSet(rules.nalType(nal[0] ?? 0));
      if (kind) this.sets.set(kind, nal);
    }
    // The SDP's parameter sets describe the track until in-band ones arrive; unreadable ones are only waited out.
    if (this.hasAllSets()) this.configure('sdp');
    if (this.ended) return;
    const setup = await this.connection.request('SETUP', track.controlUrl, {
      Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1',
    });
    const transport = header(setup, 'transport') ?? '';
    const interleaved = /interleaved=(\d+)/i.exec(transport);
    if (!interleaved)
      throw RtspFailure.protocol(`SETUP answered without interleaved channels (${transport || 'no Transport'})`);
    this.rtpChannel = Number(interleaved[1]);
    const timeout = Number(/timeout=(\d+)/i.exec(header(setup, 'session') ?? '')?.[1] ?? DEFAULT_SESSION_TIMEOUT_S);
    await this.connection.request('PLAY', this.playUrl, { Range: 'npt=0.000-' });
    if (this.ended) return;
    this.playing = true;
    const keepAliveMethod = /GET_PARAMETER/i.test(header(options, 'public') ?? '') ? 'GET_PARAMETER' : 'OPTIONS';
    const intervalMs = (Math.max(timeout, 2) * 1000) / 2;
    this.keepAliveTimer = setInterval(() => this.keepAlive(keepAliveMethod), intervalMs);
    this.reportTimer = setInterval(() => {
      const report = this.reception.report(this.now());
      if (report) this.connection.sendFrame(this.rtpChannel + 1, report);
    }, this.options.receiverReportMs ?? 5_000);
    this.log(
      `playing ${track.codec.toUpperCase()} on channel ${this.rtpChannel}, keep-alive ${keepAliveMethod} every ${intervalMs / 1000} s`,
    );
  }

  /**
   * A keep-alive that goes unanswered, or whose session is gone (454), ends the run; any other refusal is only
   * logged: some cameras list GET_PARAMETER and answer it with an error, yet keep the session for it.
   */
  private keepAlive(method: string): void {
    this.connection.request(method, this.playUrl).catch((error: unknown) => {
      const failure = error instanceof RtspFailure ? error : RtspFailure.protocol(String(error));
      if (failure.reason.code === 'unreachable' || failure.reason.code === 'not_found') this.end(failure);
      else this.log(`keep-alive refused: ${failure.message}`);
    });
  }

  private onFrame(channel: number, payload: Buffer): void {
    if (this.ended || !this.assembler || !this.track) return;
    // The odd channel carries RTCP: only the sender report's time is kept, for the receiver reports.
    if (channel === this.rtpChannel + 1) this.reception.rtcp(payload, this.now());
    if (channel !== this.rtpChannel) return;
    try {
      if (this.assembler.push(payload, this.track.payloadType)) this.reception.packet(payload);
    } catch (error) {
      if (!(error instanceof AccessUnitError)) throw error;
      this.end(RtspFailure.protocol(error.message));
    }
  }

  private onAccessUnit(unit: AccessUnit): void {
    if (unit.parameterSets) {
      for (const [kind, nal] of unit.parameterSets) {
        if (this.sets.get(kind)?.equals(nal)) continue;
        this.sets.set(kind, nal);
        this.needsConfig = true;
      }
    }
    // New parameter sets take effect at a keyframe; until then the pictures still belong to the old ones.
    let newInit = !this.initSent;
    if ((this.needsConfig || !this.config) && unit.keyframe && this.hasAllSets()) {
      if (!this.configure('in-band')) return;
      this.needsConfig = false;
      newInit = true;
    }
    if (!this.config || !this.timeline) return;
    let timed: TimedUnit[];
    try {
      timed = this.timeline.push(unit);
    } catch (error) {
      // A clock jump restarts the run on this engine; reordering it cannot follow goes to ffmpeg.
      if (error instanceof TimeJumpError) this.end(RtspFailure.protocol(error.message));
      else if (error instanceof ReorderError) this.end(RtspFailure.notHandled('unsupported_codec', error.message));
      else throw error;
      return;
    }
    for (const { unit: ready, decodeTime, compositionOffset } of timed) {
      // Decode times start at 0: with B-frames the first ones lie before the first presentation time.
      this.decodeBase ??= decodeTime;
      this.fragmenter.push(ready, decodeTime - this.decodeBase, newInit, compositionOffset);
      // After the push: the fragment it closed belongs to the previous init.
      if (newInit) {
        this.options.sink.pushInit(buildInitSegment(this.config));
        this.initSent = true;
        newInit = false;
      }
    }
  }

  private hasAllSets(): boolean {
    return this.track !== undefined && requiredSets(this.track.codec).every((kind) => this.sets.has(kind));
  }

  /** Builds the track description from the parameter sets; false (and the run ends) when it cannot. */
  private configure(source: 'sdp' | 'in-band'): boolean {
    const track = this.track;
    if (!track) return false;
    try {
      this.config = videoConfig(track.codec, this.sets);
    } catch (error) {
      const detail = `unreadable parameter sets in the ${source === 'sdp' ? 'SDP' : 'stream'}: ${error instanceof Error ? error.message : String(error)}`;
      if (source === 'in-band') {
        this.end(RtspFailure.protocol(detail));
      } else {
        this.sets.clear();
        this.log(`${detail}; waiting for them in the stream`);
      }
      return false;
    }
    // Without a declared depth (an H.264 VUI without bitstream_restriction) pictures must come in order.
    const depth = this.config.maxReorder ?? 0;
    if (this.timeline && this.timeline.depth !== depth) {
      this.end(
        RtspFailure.notHandled(
          'unsupported_codec',
          `the reorder depth changed from ${this.timeline.depth} to ${depth}`,
        ),
      );
      return false;
    }
    this.timeline ??= new DecodeTimeline(depth);
    this.log(`${track.codec.toUpperCase()} ${this.config.width}x${this.config.height}, reorder depth ${depth}`);
    return true;
  }

  private end(failure: RtspFailure): void {
    if (this.ended) return;
    this.ended = true;
    this.clearKeepAlive();
    this.connection.close();
    this.log(`ended: ${failure.message}`);
    this.options.onEnd(failure);
  }

  private clearKeepAlive(): void {
    clearInterval(this.keepAliveTimer);
    clearInterval(this.reportTimer);
    this.keepAliveTimer = undefined;
    this.reportTimer = undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
