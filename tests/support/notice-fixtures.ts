// What notice tests share: real JPEG and PNG pictures made by ffmpeg, multipart answers, and evidence snapshots of a
// chosen enterprise placed in the evidence store as the hub would have stored them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { evidencePath, writeEvidence } from '../../src/supervision/index.js';
import type { TestHub } from './test-hub.js';

/** A small real picture of ffmpeg's test pattern, as JPEG or PNG. */
export function testPicture(dir: string, format: 'jpg' | 'png'): Buffer {
  const file = join(dir, `pattern.${format}`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', file]);
  return readFileSync(file);
}

export interface AnswerFile {
  name: string;
  bytes: Buffer;
  type?: string;
}

/** POST /api/notices/:id/answer as the browser sends it: multipart, a `text` field and `photos` files. */
export function sendAnswer(
  t: TestHub,
  noticeId: string,
  cookie: string | undefined,
  text: string,
  files: AnswerFile[] = [],
): Promise<Response> {
  const form = new FormData();
  form.set('text', text);
  for (const file of files)
    form.append('photos', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
  return fetch(`${t.base}/api/notices/${noticeId}/answer`, {
    method: 'POST',
    headers: cookie ? { cookie } : {},
    body: form,
  });
}

/** An evidence snapshot row and file of `enterpriseId`'s camera, as the snapshot store writes them. */
export function placeSnapshot(dataDir: string, id: string, enterpriseId: string, cameraId: string, jpeg: Buffer): void {
  const at = Date.now();
  const path = evidencePath('snapshots', at, `${id}.jpg`);
  const file = writeEvidence(dataDir, path, jpeg);
  const db = new Database(join(dataDir, 'vigil.db'));
  db.prepare(
    `INSERT INTO evidence_snapshots (id, camera_id, enterprise_id, frame_at, taken_at, taken_by, taken_by_name, sha256,
       bytes, path) VALUES (?, ?, ?, ?, ?, NULL, 'east-insp', ?, ?, ?)`,
  ).run(id, cameraId, enterpriseId, at - 1000, at, file.sha256, file.bytes, path);
  db.close();
}

/** Issues a notice to `enterpriseId` as `cookie`'s inspector; returns its id and number. */
export async function issueNotice(
  t: TestHub,
  cookie: string,
  enterpriseId: string,
  more: Record<string, unknown> = {},
): Promise<{ id: string; number: string }> {
  const response = await t.send('POST', '/api/notices', cookie, {
    enterpriseId,
    finding: '车间地面积水',
    rule: 'GB 14881-2013 第4.2条',
    deadline: Date.now() + 7 * 86_400_000,
    internalNote: '内部备注：企业负责人态度消极',
    ...more,
  });
  if (response.status !== 201) throw new Error(`issue: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; number: string };
}
