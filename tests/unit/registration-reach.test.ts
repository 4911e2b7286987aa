// Admin reach: which addresses camera administration may connect to, per allow list (a table over real address forms).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { AdminReach, pinnedUrl, reachRuleOf } from '../../src/registration/index.js';
import { VigilError } from '../../src/shared/index.js';

const rows: Array<[address: string, rule: string | undefined]> = [
  ['10.0.0.5', undefined],
  ['192.168.1.64', undefined],
  ['100.100.100.199', undefined],
  ['2001:db8::1', undefined],
  ['127.0.0.1', 'loopback'],
  ['127.8.9.10', 'loopback'],
  ['0.0.0.0', 'loopback'],
  ['::1', 'loopback'],
  ['::', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['169.254.1.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['169.254.169.254', 'cloud-metadata'],
  ['::ffff:169.254.169.254', 'cloud-metadata'],
  ['169.254.170.2', 'cloud-metadata'],
  ['100.100.100.200', 'cloud-metadata'],
  ['fd00:ec2::254', 'cloud-metadata'],
];

const refusal = (reach: AdminReach, address: string): string | undefined => {
  try {
    reach.check(address);
    return undefined;
  } catch (error) {
    if (!(error instanceof VigilError)) throw error;
    return (error.details as { rule: string }).rule;
  }
};

describe('admin reach', () => {
  it.each(rows)('%s is %s', (address, rule) => {
    expect(reachRuleOf(address)).toBe(rule);
    expect(refusal(new AdminReach([]), address)).toBe(rule);
  });

  it('opens a class by its name, and part of one by a range; a metadata service only by its own name', () => {
    const named = new AdminReach(['loopback', 'link-local']);
    expect(refusal(named, '127.0.0.1')).toBeUndefined();
    expect(refusal(named, 'fe80::1')).toBeUndefined();
    expect(refusal(named, '169.254.169.254')).toBe('cloud-metadata');
    const ranged = new AdminReach(['169.254.0.0/16', '127.0.0.2']);
    expect(refusal(ranged, '169.254.7.7')).toBeUndefined();
    expect(refusal(ranged, '127.0.0.2')).toBeUndefined();
    expect(refusal(ranged, '127.0.0.1')).toBe('loopback');
    expect(refusal(ranged, '169.254.169.254')).toBe('cloud-metadata');
    expect(refusal(new AdminReach(['cloud-metadata']), '169.254.169.254')).toBeUndefined();
  });

  it('resolves names first: every address must pass; metadata names are refused unresolved', async () => {
    const reach = new AdminReach([]);
    await expect(reach.resolve('localhost')).rejects.toMatchObject({
      code: 'VIGIL_TARGET_REFUSED',
      details: { rule: 'loopback', configKey: 'registration.allowTargets' },
    });
    await expect(reach.resolve('metadata.google.internal')).rejects.toMatchObject({
      details: { rule: 'cloud-metadata' },
    });
    await expect(reach.resolve('[::1]')).rejects.toMatchObject({ details: { rule: 'loopback' } });
    await expect(reach.resolve('10.0.0.5')).resolves.toBe('10.0.0.5');
    // A name that does not resolve here has nowhere to connect: the connection fails by itself.
    await expect(reach.resolve('no-such-camera.invalid')).resolves.toBeUndefined();
    await expect(new AdminReach(['loopback']).resolve('localhost')).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('says what was refused and which config key opens it', () => {
    expect(() => new AdminReach([]).check('169.254.3.4', 'camera.local')).toThrow(
      'camera.local (169.254.3.4) is a link-local address: camera administration does not connect there. To allow it, add "link-local" (or its address range) to registration.allowTargets in the config.',
    );
  });

  it('pins a checked name to its address', () => {
    expect(pinnedUrl('rtsp://cam.example/ch1', '10.0.0.5')).toBe('rtsp://10.0.0.5/ch1');
    expect(pinnedUrl('rtsp://cam.example:8554/ch1', 'fe80::1')).toBe('rtsp://[fe80::1]:8554/ch1');
    expect(pinnedUrl('rtsp://cam.example/ch1', undefined)).toBe('rtsp://cam.example/ch1');
  });

  it('the config refuses an entry that is no rule and no range, naming the key', () => {
    expect(() => parseConfig({ registration: { allowTargets: ['loopbak'] } })).toThrow(
      /registration\.allowTargets\.0: "loopbak" is neither/,
    );
    expect(() => parseConfig({ registration: { allowTargets: ['10.0.0.0/33'] } })).toThrow(/allowTargets/);
    expect(
      parseConfig({ registration: { allowTargets: ['loopback', 'fe80::/64'] } }).registration.allowTargets,
    ).toEqual(['loopback', 'fe80::/64']);
  });
});
