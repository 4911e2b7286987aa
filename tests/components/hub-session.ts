// The component tests' side of the hub behind the dev server: an admin's session, and cameras added and removed again.
import { afterEach, beforeEach, inject } from 'vitest';
import type { AdminCamera, CameraInput, SessionUser } from '../../src/contracts/index.js';
import { adminApi } from '../../web/src/admin/cameras/admin-api.js';
import { api } from '../../web/src/shared/api.js';

/** Logs the province's admin in through the dev server: the browser keeps the session cookie, as the console does. */
export async function logIn(): Promise<SessionUser> {
  const { username, password } = inject('hubAdmin');
  await api.login(username, password);
  return api.me();
}

/** A camera of the east enterprise at an address nothing answers, not recording. */
export const unreachableCamera = (name: string, settings: Partial<CameraInput> = {}): CameraInput => ({
  enterpriseId: 'ent-east',
  name,
  stage: 'processing',
  mainUrl: inject('deadRtspUrl'),
  recordMode: 'off',
  ...settings,
});

/** Adds the cameras one after another (each start is the hub's own work; no need to race it). */
export async function addCameras(inputs: readonly CameraInput[]): Promise<AdminCamera[]> {
  const added: AdminCamera[] = [];
  for (const input of inputs) added.push(await adminApi.create(input));
  return added;
}

export const hubCameras = async (): Promise<AdminCamera[]> => (await adminApi.cameras()).cameras;

/** The camera stored under `id`, as the hub shows it to admins. */
export async function hubCamera(id: string): Promise<AdminCamera | undefined> {
  return (await hubCameras()).find((camera) => camera.id === id);
}

/**
 * Each test of the file finds the hub's cameras as the previous one found them: whatever a test added, through the
 * API or a rendered form, is removed after it.
 */
export function restoreCamerasAfterEach(): void {
  let before = new Set<string>();
  beforeEach(async () => {
    before = new Set((await hubCameras()).map((camera) => camera.id));
  });
  afterEach(async () => {
    for (const camera of await hubCameras()) if (!before.has(camera.id)) await adminApi.remove(camera.id);
  });
}
