// Evidence files (snapshots, answer photos, case exports) under `<data>/evidence`: outside the console's web root,
// written whole before they are indexed, named by id, and hashed as written.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { VigilError } from '../shared/errors.js';

export const EVIDENCE_DIR = 'evidence';

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** `evidence/<kind>/YYYY/MM/DD/<name>`, relative to the data dir, with '/' (stored in the database). */
export function evidencePath(kind: string, at: number, name: string): string {
  const date = new Date(at).toISOString().slice(0, 10).split('-');
  return [EVIDENCE_DIR, kind, ...date, name].join('/');
}

/** The stored relative path resolved; anything that escapes `<data>/evidence` is refused. */
export function resolveEvidence(dataDir: string, relativePath: string): string {
  const root = join(dataDir, EVIDENCE_DIR);
  const full = normalize(join(dataDir, relativePath));
  const rel = relative(root, full);
  if (rel.startsWith('..') || rel.startsWith(sep)) {
    throw new VigilError('VIGIL_VALIDATION', `evidence path "${relativePath}" is outside the evidence folder`);
  }
  return full;
}

/** Writes the file (flushed before it returns) and gives its hash and size. */
export function writeEvidence(dataDir: string, relativePath: string, bytes: Buffer): { sha256: string; bytes: number } {
  const full = resolveEvidence(dataDir, relativePath);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes, { flush: true });
  return { sha256: sha256Of(bytes), bytes: bytes.length };
}

/** The file's bytes and whether they still hash to what was recorded. */
export function verifyEvidence(dataDir: string, relativePath: string, sha256: string): { ok: boolean; sha256: string } {
  const now = sha256Of(readFileSync(resolveEvidence(dataDir, relativePath)));
  return { ok: now === sha256, sha256: now };
}
