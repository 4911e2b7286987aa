// buildIngestArgs: a table over ffmpeg 4.1 / 5.1, RTSP over TCP / UDP, RTMP, audio kept or dropped.
import { describe, expect, it } from 'vitest';
import { buildIngestArgs, inputKindOf, type IngestArgsOptions } from '../../src/ffmpeg/index.js';
import { FMP4_FLAGS } from '../support/fmp4-fixtures.js';

const V41 = { major: 4 };
const V51 = { major: 5 };
const HEAD = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'];
const PROBE = ['-analyzeduration', '100000', '-fpsprobesize', '0', '-fflags', '+genpts'];
const VIDEO_ONLY = ['-map', '0:v:0', '-c:v', 'copy', '-an'];
const WITH_AUDIO = ['-map', '0:v:0', '-c:v', 'copy', '-map', '0:a:0?', '-c:a', 'aac', '-b:a', '64k'];
const OUTPUT = [...FMP4_FLAGS, '-flush_packets', '1', 'pipe:1'];

/** The whole command line: head, input options, a brief probe, the input, stream mapping, fMP4 on stdout. */
function commandLine(input: string[], url: string, mapping: string[] = VIDEO_ONLY): string[] {
  return [...HEAD, ...input, ...PROBE, '-i', url, ...mapping, ...OUTPUT];
}

interface Row {
  name: string;
  options: IngestArgsOptions;
  expected: string[];
}

const rows: Row[] = [
  {
    name: '5.1 RTSP over TCP uses -timeout in microseconds',
    options: { binary: V51, url: 'rtsp://admin:s3cret@10.0.0.5/ch1', timeoutMs: 10_000, inputKind: 'rtsp' },
    expected: commandLine(['-rtsp_transport', 'tcp', '-timeout', '10000000'], 'rtsp://admin:s3cret@10.0.0.5/ch1'),
  },
  {
    name: '4.1 RTSP uses -stimeout (its -timeout means listen)',
    options: { binary: V41, url: 'rtsp://10.0.0.5/ch1', timeoutMs: 5_000, inputKind: 'rtsp', transport: 'tcp' },
    expected: commandLine(['-rtsp_transport', 'tcp', '-stimeout', '5000000'], 'rtsp://10.0.0.5/ch1'),
  },
  {
    name: 'UDP transport on request',
    options: { binary: V51, url: 'rtsp://10.0.0.5/ch1', timeoutMs: 5_000, inputKind: 'rtsp', transport: 'udp' },
    expected: commandLine(['-rtsp_transport', 'udp', '-timeout', '5000000'], 'rtsp://10.0.0.5/ch1'),
  },
  {
    name: 'RTMP gets -rw_timeout on 5.1 (-timeout would make ffmpeg listen)',
    options: { binary: V51, url: 'rtmp://127.0.0.1/live/cam1', timeoutMs: 8_000, inputKind: 'rtmp', transport: 'udp' },
    expected: commandLine(['-rw_timeout', '8000000'], 'rtmp://127.0.0.1/live/cam1'),
  },
  {
    name: 'RTMP gets -rw_timeout on 4.1 too',
    options: { binary: V41, url: 'rtmp://127.0.0.1/live/cam1', timeoutMs: 8_000, inputKind: 'rtmp' },
    expected: commandLine(['-rw_timeout', '8000000'], 'rtmp://127.0.0.1/live/cam1'),
  },
  {
    name: 'keepAudio maps the first audio track, if any, as AAC',
    options: { binary: V51, url: 'rtsp://10.0.0.5/ch1', timeoutMs: 5_000, inputKind: 'rtsp', keepAudio: true },
    expected: commandLine(['-rtsp_transport', 'tcp', '-timeout', '5000000'], 'rtsp://10.0.0.5/ch1', WITH_AUDIO),
  },
];

describe('buildIngestArgs', () => {
  it.each(rows)('$name', ({ options, expected }) => {
    expect(buildIngestArgs(options)).toEqual(expected);
  });

  it('puts credentials only in the URL argument', () => {
    const args = buildIngestArgs({
      binary: V51,
      url: 'rtsp://admin:s3cret@10.0.0.5/ch1',
      timeoutMs: 5_000,
      inputKind: 'rtsp',
    });
    const carrying = args.filter((arg) => arg.includes('s3cret'));
    expect(carrying).toEqual(['rtsp://admin:s3cret@10.0.0.5/ch1']);
    expect(args[args.indexOf('-i') + 1]).toBe(carrying[0]);
  });

  it('never uses wall-clock timestamps and always copies video', () => {
    for (const { options } of rows) {
      const args = buildIngestArgs(options);
      expect(args).not.toContain('-use_wallclock_as_timestamps');
      expect(args[args.indexOf('-c:v') + 1]).toBe('copy');
      expect(args.at(-1)).toBe('pipe:1');
    }
  });

  it('probes briefly by default and fully on request', () => {
    const base = { binary: V51, url: 'rtsp://h/x', timeoutMs: 1_000, inputKind: 'rtsp' } as const;
    expect(buildIngestArgs(base).join(' ')).toContain('-analyzeduration 100000 -fpsprobesize 0 -fflags +genpts -i');
    const full = buildIngestArgs({ ...base, probe: 'full' });
    expect(full).not.toContain('-analyzeduration');
    expect(full).not.toContain('-fpsprobesize');
  });

  it('honours a custom fragment length and log level', () => {
    const args = buildIngestArgs({
      binary: V51,
      url: 'rtsp://h/x',
      timeoutMs: 1_000,
      inputKind: 'rtsp',
      fragmentMs: 500,
      logLevel: 'error',
    });
    expect(args[args.indexOf('-frag_duration') + 1]).toBe('500000');
    expect(args[args.indexOf('-loglevel') + 1]).toBe('error');
  });

  it('tells RTMP from RTSP by scheme', () => {
    expect(inputKindOf('rtmp://127.0.0.1/live/x')).toBe('rtmp');
    expect(inputKindOf('RTMPS://h/live/x')).toBe('rtmp');
    expect(inputKindOf('rtsp://h/x')).toBe('rtsp');
  });
});
