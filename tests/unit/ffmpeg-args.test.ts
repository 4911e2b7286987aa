// buildIngestArgs: a table over ffmpeg 4.1 (URL as argument) / 5.1 (URL on fd 3), RTSP over TCP / UDP, RTMP, audio.
import { describe, expect, it } from 'vitest';
import {
  buildIngestArgs,
  INPUT_PROTOCOLS,
  inputKindOf,
  type FfmpegInvocation,
  type IngestArgsOptions,
} from '../../src/ffmpeg/index.js';
import { FMP4_FLAGS } from '../support/fmp4-fixtures.js';

const V41 = { major: 4 };
const V51 = { major: 5 };
const HEAD = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning', '-fflags', '+genpts'];
const FAST_PROBE = ['-analyzeduration', '100000', '-fpsprobesize', '0'];
const VIDEO_ONLY = ['-map', '0:v:0', '-c:v', 'copy', '-an'];
const WITH_AUDIO = ['-map', '0:v:0', '-c:v', 'copy', '-map', '0:a:0?', '-c:a', 'aac', '-b:a', '64k'];
const OUTPUT = [...FMP4_FLAGS, '-flush_packets', '1', 'pipe:1'];
const ON_FD3 = ['-f', 'concat', '-safe', '0', '-protocol_whitelist', INPUT_PROTOCOLS, '-i', 'pipe:3'];

/** ffmpeg 4.x: the input options and the URL as arguments. */
function onArgv(input: string[], url: string, mapping: string[] = VIDEO_ONLY): FfmpegInvocation {
  return { args: [...HEAD, ...input, ...FAST_PROBE, '-i', url, ...mapping, ...OUTPUT] };
}

/** ffmpeg 5+: the URL and its options in an ffconcat list on fd 3; the arguments name only pipe:3. */
function onFd3(options: string[], url: string, mapping: string[] = VIDEO_ONLY): FfmpegInvocation {
  const list = ['ffconcat version 1.0', `file '${url}'`];
  for (const [key, value] of pairs([...options, 'analyzeduration', '100000', 'fpsprobesize', '0'])) {
    list.push(`option ${key} '${value}'`);
  }
  return { args: [...HEAD, ...ON_FD3, ...mapping, ...OUTPUT], secretInput: `${list.join('\n')}\n` };
}

function pairs(flat: string[]): Array<[string, string]> {
  return flat.flatMap((value, i) => (i % 2 === 0 ? [[value, flat[i + 1] ?? ''] as [string, string]] : []));
}

interface Row {
  name: string;
  options: IngestArgsOptions;
  expected: FfmpegInvocation;
}

const rows: Row[] = [
  {
    name: '5.1 RTSP over TCP uses timeout in microseconds, on fd 3',
    options: { binary: V51, url: 'rtsp://admin:s3cret@10.0.0.5/ch1', timeoutMs: 10_000, inputKind: 'rtsp' },
    expected: onFd3(['rtsp_transport', 'tcp', 'timeout', '10000000'], 'rtsp://admin:s3cret@10.0.0.5/ch1'),
  },
  {
    name: '4.1 RTSP uses -stimeout (its -timeout means listen), on the command line',
    options: { binary: V41, url: 'rtsp://10.0.0.5/ch1', timeoutMs: 5_000, inputKind: 'rtsp', transport: 'tcp' },
    expected: onArgv(['-rtsp_transport', 'tcp', '-stimeout', '5000000'], 'rtsp://10.0.0.5/ch1'),
  },
  {
    name: 'UDP transport on request',
    options: { binary: V51, url: 'rtsp://10.0.0.5/ch1', timeoutMs: 5_000, inputKind: 'rtsp', transport: 'udp' },
    expected: onFd3(['rtsp_transport', 'udp', 'timeout', '5000000'], 'rtsp://10.0.0.5/ch1'),
  },
  {
    name: 'RTMP gets rw_timeout on 5.1 (timeout would make ffmpeg listen)',
    options: { binary: V51, url: 'rtmp://127.0.0.1/live/cam1', timeoutMs: 8_000, inputKind: 'rtmp', transport: 'udp' },
    expected: onFd3(['rw_timeout', '8000000'], 'rtmp://127.0.0.1/live/cam1'),
  },
  {
    name: 'RTMP gets -rw_timeout on 4.1 too',
    options: { binary: V41, url: 'rtmp://127.0.0.1/live/cam1', timeoutMs: 8_000, inputKind: 'rtmp' },
    expected: onArgv(['-rw_timeout', '8000000'], 'rtmp://127.0.0.1/live/cam1'),
  },
  {
    name: 'keepAudio maps the first audio track, if any, as AAC',
    options: { binary: V51, url: 'rtsp://10.0.0.5/ch1', timeoutMs: 5_000, inputKind: 'rtsp', keepAudio: true },
    expected: onFd3(['rtsp_transport', 'tcp', 'timeout', '5000000'], 'rtsp://10.0.0.5/ch1', WITH_AUDIO),
  },
];

describe('buildIngestArgs', () => {
  it.each(rows)('$name', ({ options, expected }) => {
    expect(buildIngestArgs(options)).toEqual(expected);
  });

  it('on ffmpeg 5+ keeps credentials out of the arguments: only the fd-3 list carries them', () => {
    const { args, secretInput } = buildIngestArgs({
      binary: V51,
      url: "rtsp://admin:s3c'ret@10.0.0.5/ch1",
      timeoutMs: 5_000,
      inputKind: 'rtsp',
    });
    expect(args.filter((arg) => arg.includes('s3c'))).toEqual([]);
    // A quote in the URL cannot end the quoted field and add directives of its own.
    expect(secretInput?.split('\n')[1]).toBe("file 'rtsp://admin:s3c'\\''ret@10.0.0.5/ch1'");
    expect(() =>
      buildIngestArgs({ binary: V51, url: 'rtsp://h/x\nfile /etc/passwd', timeoutMs: 1, inputKind: 'rtsp' }),
    ).toThrow(/control characters/);
  });

  it('never uses wall-clock timestamps and always copies video', () => {
    for (const { options } of rows) {
      const { args } = buildIngestArgs(options);
      expect(args).not.toContain('-use_wallclock_as_timestamps');
      expect(args[args.indexOf('-c:v') + 1]).toBe('copy');
      expect(args.at(-1)).toBe('pipe:1');
    }
  });

  it('probes briefly by default and fully on request', () => {
    const base = { binary: V41, url: 'rtsp://h/x', timeoutMs: 1_000, inputKind: 'rtsp' } as const;
    expect(buildIngestArgs(base).args.join(' ')).toContain('-analyzeduration 100000 -fpsprobesize 0 -i');
    const full = buildIngestArgs({ ...base, probe: 'full' }).args;
    expect(full).not.toContain('-analyzeduration');
    expect(full).not.toContain('-fpsprobesize');
    const fullOnFd3 = buildIngestArgs({ ...base, binary: V51, probe: 'full' }).secretInput;
    expect(fullOnFd3).not.toContain('analyzeduration');
  });

  it('honours a custom fragment length and log level', () => {
    const { args } = buildIngestArgs({
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
