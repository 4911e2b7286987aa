// Summary of a V8 .cpuprofile (node --cpu-prof): self time per function, heaviest first.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  /** Share of all samples, idle and GC included. */
  selfPct: number;
  selfMs: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of samples in (idle): the event loop waiting. */
  idlePct: number;
  top: ProfileEntry[];
}

function shortUrl(url: string, root: string): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return path.slice(inModules + 1);
  return path.startsWith(root) ? path.slice(root.length + 1) : path;
}

/** Self time aggregated by function + location; samples are weighted by their time deltas when present. */
export function summarizeProfile(file: string, root: string, limit = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0 && deltas.length === samples.length) {
    // timeDeltas[i] is the time before sample i; attribute sample i's interval (the next delta) to it.
    for (let i = 0; i < samples.length; i++) {
      const id = samples[i]!;
      const us = Math.max(0, deltas[i + 1] ?? 0);
      selfUs.set(id, (selfUs.get(id) ?? 0) + us);
    }
  } else {
    const interval =
      (profile.endTime - profile.startTime) /
      Math.max(
        1,
        profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0),
      );
    for (const node of profile.nodes) selfUs.set(node.id, (node.hitCount ?? 0) * interval);
  }
  const totalUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0) || 1;
  const grouped = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const fn = frame.functionName || '(anonymous)';
    if (fn === '(idle)') idleUs += us;
    const where = shortUrl(frame.url, root);
    // Under tsx every position may read as line 1 (transpiled code): then the function name is what counts.
    const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
    const key = where ? `${fn}  ${where}${line}` : fn;
    grouped.set(key, (grouped.get(key) ?? 0) + us);
  }
  const top = [...grouped.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, selfPct: (100 * us) / totalUs, selfMs: us / 1000 }));
  return { totalMs: totalUs / 1000, idlePct: (100 * idleUs) / totalUs, top };
}
