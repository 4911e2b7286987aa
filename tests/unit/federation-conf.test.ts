// The nats-server configs the hub writes, and how a branch's event is mapped at the center.
import { describe, expect, it } from 'vitest';
import {
  branchConf,
  branchPermissions,
  centerConf,
  centerEventOf,
  splitMirroredId,
} from '../../src/federation/index.js';

describe('nats-server configuration', () => {
  it('gives each branch leaf user only its own subjects, and any free port for port 0', () => {
    const text = centerConf({
      port: 0,
      storeDir: '/data/nats/jetstream',
      hubPassword: 'hub-secret',
      leafHost: '0.0.0.0',
      leafPort: 7422,
      branches: [
        { id: 'east', password: 'east-"quoted"-secret' },
        { id: 'west', password: 'west-secret-12' },
      ],
    });
    expect(text).toContain('port: -1');
    expect(text).toContain('leafnodes { host: "0.0.0.0", port: 7422 }');
    expect(text).toContain('jetstream { domain: "center"');
    expect(text).toContain('password: "east-\\"quoted\\"-secret"');
    const east = text.split('\n').find((line) => line.includes('user: "east"')) ?? '';
    expect(east).toContain('"vigil.east.>"');
    expect(east).not.toContain('vigil.west');
    expect(east).not.toContain('"$JS.API.>"');
  });

  it('lets a branch publish under its prefix and reply, and receive its own JetStream API only', () => {
    expect(branchPermissions('east')).toEqual({
      publish: ['vigil.east.>', '$JSC.R.>', '_INBOX.>'],
      subscribe: ['vigil.east.>', '$JS.east.API.>', '_INBOX.>', '$JS.FC.>'],
    });
  });

  it('dials the center with the branch credentials URL-encoded, in its own JetStream domain', () => {
    const text = branchConf({
      port: 4222,
      storeDir: '/data/nats/jetstream',
      hubPassword: 'hub-secret',
      branchId: 'east',
      centerUrl: 'nats-leaf://center.example:7422',
      centerPassword: 'p@ss word/1',
    });
    expect(text).toContain('jetstream { domain: "east"');
    expect(text).toContain('"nats-leaf://east:p%40ss%20word%2F1@center.example:7422"');
    expect(text).toContain('host: "127.0.0.1"');
  });
});

describe('branch events at the center', () => {
  it('keep their text and time, with ids made unique per branch and the branch as their unit', () => {
    const mapped = centerEventOf('east', {
      id: 7,
      at: 1_700_000_000_000,
      type: 'camera.offline',
      severity: 'error',
      cameraId: 'cam-a',
      enterpriseId: 'ent-east',
      orgUnitId: null,
      userId: null,
      ip: null,
      message: '原料进厂口 is offline',
      data: '{"stream":"main"}',
    });
    expect(mapped).toMatchObject({ cameraId: 'east~cam-a', enterpriseId: 'east~ent-east', orgUnitId: 'east' });
    expect(splitMirroredId('east~cam-a')).toEqual({ branchId: 'east', localId: 'cam-a' });
    expect(splitMirroredId('cam-a')).toBeUndefined();
  });
});
