// The ONVIF client against the simulated device and against broken peers on loopback: auth, clock skew, host correction, bounded failures.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverUnicast, OnvifClient, onvifFailureReason, probeOnvifDevice } from '../../src/onvif/index.js';
import { OnvifDeviceSimulator } from '../../src/simulator/onvif-device.js';

const camera = {
  id: 'cam01',
  name: 'Gate North',
  width: 1280,
  height: 720,
  fps: 25,
  bitrateKbps: 2000,
  sub: { width: 640, height: 360, bitrateKbps: 500 },
};
const credentials = { username: 'admin', password: 'pa55:w@rd' };
const rtspUrl = (stream: string): string => `rtsp://127.0.0.1:8554/cam01/${stream}`;

/** Runs `fn`, expecting a rejection; returns the error and how long it took. */
async function failure(fn: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await fn();
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}

function listen<T extends TcpServer | HttpServer>(server: T): Promise<T> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const portOf = (server: TcpServer | HttpServer): number => (server.address() as AddressInfo).port;

describe('ONVIF client against the simulated device', () => {
  const devices: OnvifDeviceSimulator[] = [];
  async function device(
    extra: Partial<ConstructorParameters<typeof OnvifDeviceSimulator>[0]> = {},
  ): Promise<OnvifDeviceSimulator> {
    const sim = new OnvifDeviceSimulator({ camera, rtspUrl, ...credentials, ...extra });
    await sim.start();
    devices.push(sim);
    return sim;
  }
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.stop()));
  });

  it('reads device information, profiles, stream and snapshot URIs', async () => {
    const sim = await device();
    const result = await probeOnvifDevice({ deviceUrl: sim.deviceServiceUrl, ...credentials });
    expect(result.information).toMatchObject({ manufacturer: 'Vigil', serialNumber: 'SIM-cam01' });
    expect(
      result.profiles.map((p) => [p.token, p.video?.encoding, p.video?.width, p.video?.height, p.video?.frameRate]),
    ).toEqual([
      ['main', 'H264', 1280, 720, 25],
      ['sub', 'H264', 640, 360, 25],
    ]);
    expect(result.profiles[0]?.streamUri).toBe('rtsp://127.0.0.1:8554/cam01/main');
    expect(result.profiles[1]?.snapshotUri).toBe(`http://127.0.0.1:${sim.httpPort}/onvif/snapshot.jpg?profile=sub`);
    // The probe result is shown to admins: no credentials anywhere in it.
    expect(JSON.stringify(result)).not.toContain(credentials.password);
    const snapshot = await fetch(result.profiles[1]!.snapshotUri!);
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
  });

  it.each([400, 401] as const)('a wrong password is "authentication failed" (fault with HTTP %i)', async (status) => {
    const sim = await device({ authFaultStatus: status });
    const client = new OnvifClient({ deviceUrl: sim.deviceServiceUrl, username: 'admin', password: 'wrong' });
    const { error } = await failure(() => client.getDeviceInformation());
    expect(onvifFailureReason(error)).toBe('auth-failed');
    expect(String(error)).toMatch(/authentication failed/);
    expect(String(error)).not.toContain('wrong');
  });

  it('authenticates with a device whose clock is 2 hours ahead', async () => {
    const sim = await device({ clockOffsetSeconds: 7200 });
    const client = new OnvifClient({ deviceUrl: sim.deviceServiceUrl, ...credentials });
    await expect(client.getDeviceInformation()).resolves.toMatchObject({ model: 'Simulated Gate North' });
    expect(Math.abs((client.clockOffsetMs ?? 0) - 7_200_000)).toBeLessThan(2000);
  });

  it('a device with a 2 hour skew rejects a token made on the local clock (so the offset matters)', async () => {
    const sim = await device({ clockOffsetSeconds: 7200 });
    // A clock port that runs 2 h behind after the offset is measured makes Created land on our own clock.
    let shift = 0;
    const client = new OnvifClient({ deviceUrl: sim.deviceServiceUrl, ...credentials, now: () => Date.now() + shift });
    await client.getSystemDateAndTime();
    shift = -7_200_000;
    const { error } = await failure(() => client.getDeviceInformation());
    expect(onvifFailureReason(error)).toBe('auth-failed');
  });

  it('replaces the unreachable host a NATed device reports, in service addresses and stream URIs', async () => {
    const sim = await device({ advertisedHost: '10.255.0.1' });
    const client = new OnvifClient({ deviceUrl: sim.deviceServiceUrl, ...credentials, timeoutMs: 2000 });
    const caps = await client.getCapabilities();
    expect(caps.mediaXAddr).toBe(`http://127.0.0.1:${sim.httpPort}/onvif/media_service`);
    const stream = await client.getStreamUri('main');
    expect(stream.reportedUri).toBe('rtsp://10.255.0.1:8554/cam01/main');
    expect(stream.safeUri).toBe('rtsp://127.0.0.1:8554/cam01/main');
    expect(stream.hostCorrected).toBe(true);
    expect(stream.uri).toBe('rtsp://admin:pa55%3Aw%40rd@127.0.0.1:8554/cam01/main');
    expect(await client.getSnapshotUri('sub')).toBe(`http://127.0.0.1:${sim.httpPort}/onvif/snapshot.jpg?profile=sub`);
  });

  it('an unknown profile token is a clear SOAP fault', async () => {
    const sim = await device();
    const client = new OnvifClient({ deviceUrl: sim.deviceServiceUrl, ...credentials });
    const { error } = await failure(() => client.getStreamUri('nope'));
    expect(onvifFailureReason(error)).toBe('fault');
    expect(String(error)).toMatch(/profile token does not exist/);
  });
});

describe('ONVIF client against broken peers', () => {
  const sockets = new Set<Socket>();
  let silent: TcpServer;
  let truncated: TcpServer;
  let html: HttpServer;

  beforeAll(async () => {
    // Accepts the connection and never answers.
    silent = await listen(createTcpServer((socket) => sockets.add(socket)));
    // Starts a SOAP reply and closes the connection in the middle of it.
    truncated = await listen(
      createTcpServer((socket) => {
        socket.once('data', () => {
          const partial =
            '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"><SOAP-ENV:Body><tds:GetDeviceInformationResponse><tds:Manuf';
          socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nConnection: close\r\n\r\n${partial}`);
        });
      }),
    );
    html = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<!DOCTYPE html><html><body>Not Found</body></html>');
      }),
    );
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all([silent, truncated, html].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('a device that accepts but never answers times out within the bound', async () => {
    const client = new OnvifClient({
      deviceUrl: `http://127.0.0.1:${portOf(silent)}/onvif/device_service`,
      timeoutMs: 800,
    });
    const { error, ms } = await failure(() => client.getSystemDateAndTime());
    expect(onvifFailureReason(error)).toBe('unreachable');
    expect(String(error)).toMatch(/did not answer GetSystemDateAndTime within 800 ms/);
    expect(ms).toBeLessThan(2000);
  });

  it('a refused port is unreachable', async () => {
    const server = await listen(createTcpServer());
    const port = portOf(server);
    await new Promise((resolve) => server.close(resolve));
    const { error } = await failure(() =>
      new OnvifClient({ deviceUrl: `http://127.0.0.1:${port}/` }).getSystemDateAndTime(),
    );
    expect(onvifFailureReason(error)).toBe('unreachable');
    expect(String(error)).toMatch(/ECONNREFUSED/);
  });

  it('a truncated SOAP body is a malformed reply', async () => {
    const client = new OnvifClient({ deviceUrl: `http://127.0.0.1:${portOf(truncated)}/onvif/device_service` });
    const { error } = await failure(() => client.getSystemDateAndTime());
    expect(onvifFailureReason(error)).toBe('malformed');
    expect(String(error)).toMatch(/malformed reply/);
  });

  it('an HTML 404 is "not an ONVIF device"', async () => {
    const client = new OnvifClient({ deviceUrl: `http://127.0.0.1:${portOf(html)}/onvif/device_service` });
    const { error } = await failure(() => client.getSystemDateAndTime());
    expect(onvifFailureReason(error)).toBe('not-onvif');
    expect(String(error)).toMatch(/not an ONVIF device.*HTTP 404/);
  });
});

describe('unicast discovery on loopback', () => {
  let sim: OnvifDeviceSimulator;
  let liar: UdpSocket;

  beforeAll(async () => {
    sim = new OnvifDeviceSimulator({
      camera,
      rtspUrl,
      discovery: { interfaceAddress: '127.0.0.1', port: 0, multicast: false },
    });
    await sim.start();
    // A second responder on 127.0.0.2, same port: garbage, a truncated reply, a reply to another probe, and a duplicate.
    liar = createSocket('udp4');
    liar.on('message', (msg, rinfo) => {
      const messageId = /MessageID>([^<]+)</.exec(msg.toString())?.[1] ?? '';
      const match = (relatesTo: string): string =>
        `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><e:Header><a:RelatesTo>${relatesTo}</a:RelatesTo></e:Header><e:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:liar</a:Address></a:EndpointReference><d:XAddrs>http://192.0.2.1/onvif/device_service</d:XAddrs></d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>`;
      for (const reply of [
        '\u0000garbage\u00ff',
        match(messageId).slice(0, 120),
        match('urn:uuid:other'),
        match(messageId),
        match(messageId),
      ]) {
        liar.send(reply, rinfo.port, rinfo.address);
      }
    });
    await new Promise<void>((resolve) => liar.bind(sim.discoveryPort, '127.0.0.2', resolve));
  });

  afterAll(async () => {
    liar.close();
    await sim.stop();
  });

  it('finds the device, ignores garbage, folds duplicates, and takes the responder address', async () => {
    const started = Date.now();
    const result = await discoverUnicast({
      hosts: ['127.0.0.1', '127.0.0.2'],
      port: sim.discoveryPort,
      replyWaitMs: 500,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    const byRef = new Map(result.devices.map((d) => [d.endpointReference, d]));
    expect([...byRef.keys()].sort()).toEqual([sim.endpointReference, 'urn:uuid:liar'].sort());
    expect(byRef.get(sim.endpointReference)).toMatchObject({
      deviceUrl: sim.deviceServiceUrl,
      name: 'Gate North',
      address: '127.0.0.1',
    });
    // The liar advertised 192.0.2.1: the device URL uses the address that answered instead.
    expect(byRef.get('urn:uuid:liar')?.deviceUrl).toBe('http://127.0.0.2/onvif/device_service');
    expect(result.ignoredReplies).toBe(3);
  });
});
