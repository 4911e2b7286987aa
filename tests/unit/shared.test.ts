import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  Backoff,
  createLogger,
  redactUrl,
  SecretBox,
  splitCredentials,
  withCredentials,
} from '../../src/shared/index.js';

describe('credential redaction', () => {
  it.each([
    ['rtsp://admin:s3cret@10.0.0.5:554/Streaming/101', 'rtsp://***@10.0.0.5:554/Streaming/101'],
    ['failed rtsp://u:p%40ss@cam/x and rtmp://k:v@h/live', 'failed rtsp://***@cam/x and rtmp://***@h/live'],
    ['http://10.0.0.5/onvif?user=a&password=hunter2', 'http://10.0.0.5/onvif?user=a&password=***'],
    ['rtsp://10.0.0.5/no-credentials', 'rtsp://10.0.0.5/no-credentials'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('splits credentials off a URL and puts them back', () => {
    const split = splitCredentials('rtsp://adm%3Ain:p%40ss@10.1.1.1:554/main');
    expect(split).toEqual({ url: 'rtsp://10.1.1.1:554/main', username: 'adm:in', password: 'p@ss' });
    expect(withCredentials(split.url, split.username, split.password)).toBe('rtsp://adm%3Ain:p%40ss@10.1.1.1:554/main');
  });

  it('keeps credentials out of log lines, in messages, objects and errors', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ url: 'rtsp://admin:topsecret@cam/1', password: 'topsecret' }, 'opening rtsp://admin:topsecret@cam/1');
    logger.error({ err: new Error('connect rtsp://admin:topsecret@cam/1 failed') }, 'failed');
    logger.child({ camera: 'c1' }).warn('rtsp://x:topsecret@y/z');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('topsecret');
    expect(lines.join('\n')).toContain('rtsp://***@cam/1');
  });
});

describe('backoff', () => {
  it('steps 1 s → 2 s → 5 s → 10 s → 30 s and stays there', () => {
    const backoff = new Backoff({ random: () => 0.5 });
    expect(Array.from({ length: 7 }, () => backoff.next())).toEqual([1000, 2000, 5000, 10000, 30000, 30000, 30000]);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });

  it('spreads each step by the jitter', () => {
    expect(new Backoff({ random: () => 0 }).next()).toBe(800);
    expect(new Backoff({ random: () => 1 }).next()).toBe(1200);
  });
});

describe('secret box', () => {
  it('seals and opens, and refuses a tampered value', () => {
    const box = new SecretBox('key material');
    const sealed = box.seal('camera-password');
    expect(sealed).not.toContain('camera-password');
    expect(box.open(sealed)).toBe('camera-password');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + '=';
    expect(() => box.open(tampered)).toThrow();
    expect(() => new SecretBox('other key').open(sealed)).toThrow();
  });
});
