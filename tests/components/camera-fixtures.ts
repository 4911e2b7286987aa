// What the camera component tests share: an admin camera as the hub lists it, and a hub answering the console's fetches.
import { vi } from 'vitest';
import type { AdminCamera } from '../../src/contracts/index.js';

export function adminCamera(id: string, name: string, settings: Partial<AdminCamera> = {}): AdminCamera {
  return {
    id,
    name,
    nameEn: null,
    enterpriseId: 'ent-east',
    enterpriseName: '东企业',
    orgUnitId: 'unit-1',
    stage: 'storage',
    sourceKind: 'rtsp',
    mainUrl: `rtsp://10.0.0.1/${id}`,
    hasSub: false,
    enabled: true,
    recordMode: 'off',
    status: 'online',
    statusReason: null,
    statusReasonCode: null,
    live: null,
    health: null,
    remote: null,
    subUrl: null,
    username: null,
    hasPassword: false,
    rtspTransport: 'tcp',
    retentionDays: 30,
    onvifUrl: null,
    ...settings,
  };
}

export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

/** Answers every fetch with `answer(path)` and returns the list of what was sent (restore with vi.restoreAllMocks). */
export function answerFetches(answer: (path: string) => { status: number; body: unknown }): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.spyOn(window, 'fetch').mockImplementation(async (input, init) => {
    const path = String(input);
    sent.push({ method: init?.method ?? 'GET', path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const { status, body } = answer(path);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}
