import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/index.js';
import { tempDir } from '../support/temp-dir.js';

describe('configuration', () => {
  it('fills every default from an empty file and freezes the result', () => {
    const config = parseConfig({});
    expect(config.server.port).toBe(8080);
    expect(config.demo.enabled).toBe(true);
    expect(config.demo.cameras).toBe(8);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it.each([
    [{ server: { port: 'eighty' } }, 'server.port: expected a number'],
    [{ server: { prot: 8080 } }, 'server.prot: unknown key'],
    [{ colour: 'blue' }, 'colour: unknown key'],
    [{ demo: { cameras: 0 } }, 'demo.cameras:'],
    [{ log: { level: 'loud' } }, 'log.level:'],
  ])('rejects %j naming the key', (raw, expected) => {
    expect(() => parseConfig(raw)).toThrow(expected);
  });

  it('reads VIGIL_CONFIG and applies environment overrides', () => {
    const dir = tempDir();
    const file = join(dir, 'vigil.yaml');
    writeFileSync(file, 'server:\n  port: 9000\ndemo:\n  enabled: false\n');
    const { config, file: used } = loadConfig(
      {
        VIGIL_CONFIG: file,
        VIGIL_PORT: '9100',
        VIGIL_DATA_DIR: 'store',
        VIGIL_ADMIN_PASSWORD: 'correct-horse',
        VIGIL_SECRET_KEY: 'a-long-credential-key',
      },
      dir,
    );
    expect(used).toBe(file);
    expect(config.server.port).toBe(9100);
    expect(config.demo.enabled).toBe(false);
    expect(config.dataDir).toBe(join(dir, 'store'));
    expect(config.admin.password).toBe('correct-horse');
    expect(config.secretKey).toBe('a-long-credential-key');
  });

  it('reports a wrong VIGIL_PORT as a wrong type of server.port', () => {
    expect(() => loadConfig({ VIGIL_PORT: 'abc' }, tempDir())).toThrow('server.port: expected a number');
  });

  it('uses the embedded defaults when there is no config file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'config'));
    const { config, file } = loadConfig({}, dir);
    expect(file).toBeUndefined();
    expect(config.dataDir).toBe(join(dir, 'data'));
  });

  it('says so when VIGIL_CONFIG names a missing file, and when the YAML is broken', () => {
    const dir = tempDir();
    expect(() => loadConfig({ VIGIL_CONFIG: 'nope.yaml' }, dir)).toThrow(/does not exist/);
    writeFileSync(join(dir, 'bad.yaml'), 'server: [1, 2\n');
    expect(() => loadConfig({ VIGIL_CONFIG: 'bad.yaml' }, dir)).toThrow(/Cannot read/);
  });
});
