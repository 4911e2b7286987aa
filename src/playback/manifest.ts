// Export manifests: what a clip is and its SHA-256, and the check that a clip still matches its manifest.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_FORMAT = 'vigil-export/1';

export interface ExportManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly exportId: string;
  readonly camera: { readonly id: string; readonly name: string | null };
  readonly enterprise: { readonly id: string | null; readonly name: string | null };
  readonly range: { readonly from: string; readonly to: string; readonly fromMs: number; readonly toMs: number };
  /** Recording files the clip was cut from. */
  readonly sourceFiles: number;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly file: { readonly name: string; readonly bytes: number; readonly sha256: string };
  readonly hubVersion: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  /** Why verification failed, in words. */
  readonly reason?: string;
  readonly expected?: { bytes: number; sha256: string };
  readonly actual?: { bytes: number; sha256: string };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Recomputes the clip's SHA-256 and size and compares them with its manifest. */
export async function verifyExport(dir: string): Promise<VerifyResult> {
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_NAME), 'utf8')) as ExportManifest;
  } catch (error) {
    return { ok: false, reason: `manifest unreadable: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (manifest.format !== MANIFEST_FORMAT || typeof manifest.file?.sha256 !== 'string') {
    return { ok: false, reason: 'not a Vigil export manifest' };
  }
  // The name comes from the manifest: basename keeps a tampered manifest from pointing outside the folder.
  const clip = join(dir, basename(manifest.file.name));
  let actual: { bytes: number; sha256: string };
  try {
    actual = { bytes: (await stat(clip)).size, sha256: await sha256File(clip) };
  } catch (error) {
    return { ok: false, reason: `clip unreadable: ${error instanceof Error ? error.message : String(error)}` };
  }
  const expected = { bytes: manifest.file.bytes, sha256: manifest.file.sha256 };
  if (actual.sha256 !== expected.sha256)
    return { ok: false, reason: 'SHA-256 differs from the manifest', expected, actual };
  if (actual.bytes !== expected.bytes) return { ok: false, reason: 'size differs from the manifest', expected, actual };
  return { ok: true, expected, actual };
}
