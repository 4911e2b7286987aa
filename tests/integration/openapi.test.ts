// The OpenAPI document: a valid OpenAPI 3.1 document, covering every route the hub registers (a standalone hub and a
// center), and the REST answers of a running hub match the schemas it documents.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS, type Operation } from '../../src/api/openapi/operations.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const natsMissing = commandMissing('nats-server', 'nats-server');

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

/** Every `METHOD /path` an express app answers, its paths in OpenAPI form (`:id` → `{id}`); the console's catch-all aside. */
function registeredRoutes(hub: TestHub): Set<string> {
  const found = new Set<string>();
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}');
        if (path.includes('{*')) continue;
        for (const method of Object.keys(layer.route.methods)) found.add(`${method} ${path}`);
      } else if (layer.handle?.stack) {
        // A router used without a path is mounted at '/'.
        walk(layer.handle.stack, `${prefix}${layer.rawPath === '/' ? '' : (layer.rawPath ?? '')}`);
      }
    }
  };
  const app = hub.hub.httpApp as unknown as { router: { stack: Layer[] } };
  walk(app.router.stack, '');
  return found;
}

const documented = (filter: (operation: Operation) => boolean) =>
  new Set(OPERATIONS.filter(filter).map((operation) => `${operation.method} ${operation.path}`));

describe('the OpenAPI document', () => {
  let hub: TestHub;
  let admin: string;

  beforeAll(async () => {
    hub = await startTestHub([
      {
        id: 'cam-a',
        name: '原料进厂口',
        stage: 'raw_material_intake',
        enterprise: 'east',
        mainUrl: 'rtsp://127.0.0.1:9/none',
        recordMode: 'off',
      },
    ]);
    admin = await hub.login('center-admin');
  });

  afterAll(async () => {
    await hub?.hub.stop();
  });

  it('is a valid OpenAPI 3.1 document, served without a session', async () => {
    const response = await hub.get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(document) as never);
    expect(Object.keys(document.paths)).toContain('/api/cameras/{id}');
  });

  it('documents every route a standalone hub registers, and nothing it does not', () => {
    expect([...registeredRoutes(hub)].sort()).toEqual([...documented((operation) => !operation.centerOnly)].sort());
  });

  it.skipIf(skipWhenMissing('nats-server', natsMissing))("documents a center's routes too", async () => {
    assertAvailable('nats-server', natsMissing);
    const center = await startTestHub([], {
      federation: { role: 'center', nats: { port: 0 }, leaf: { host: '127.0.0.1', port: 0 }, branches: [] },
    });
    try {
      expect([...registeredRoutes(center)].sort()).toEqual([...documented(() => true)].sort());
    } finally {
      await center.hub.stop();
    }
  });

  it('gets answers that match their documented schemas', async () => {
    const asked: Array<[Operation['path'], string]> = [
      ['/healthz', '/healthz'],
      ['/api/auth/me', '/api/auth/me'],
      ['/api/cameras', '/api/cameras'],
      ['/api/cameras/{id}', '/api/cameras/cam-a'],
      ['/api/org/tree', '/api/org/tree'],
      ['/api/events', '/api/events?limit=20'],
      ['/api/federation/links', '/api/federation/links'],
      ['/api/admin/org-units', '/api/admin/org-units'],
      ['/api/admin/enterprises', '/api/admin/enterprises'],
      ['/api/admin/users', '/api/admin/users'],
      ['/api/admin/cameras', '/api/admin/cameras'],
      ['/api/admin/cameras/{id}', '/api/admin/cameras/cam-a'],
      ['/api/admin/discovery/interfaces', '/api/admin/discovery/interfaces'],
      ['/playback/config', '/playback/config'],
      ['/playback/{cameraId}/ranges', `/playback/cam-a/ranges?from=${Date.now() - 3_600_000}&to=${Date.now()}`],
    ];
    for (const [path, url] of asked) {
      const operation = OPERATIONS.find((candidate) => candidate.method === 'get' && candidate.path === path);
      const schema = operation?.answer;
      expect(schema, path).toBeInstanceOf(z.ZodType);
      const response = await hub.get(url, admin);
      expect(response.status, `${url}: ${response.status}`).toBe(operation?.status);
      const parsed = (schema as z.ZodType).safeParse(await response.json());
      expect(parsed.success, `${url}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
