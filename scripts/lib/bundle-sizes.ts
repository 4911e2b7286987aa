// What each console page costs to load, from Vite's manifest: the entry (shell) plus the page's own chunks and CSS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageLoad {
  /** The page's source file, e.g. `src/live/LivePage.vue`. */
  source: string;
  /** Gzip kB of what the page adds to the shell, and of the shell plus the page (a first visit to it). */
  ownKb: number;
  firstLoadKb: number;
}

export interface BundleReport {
  shellKb: number;
  pages: PageLoad[];
}

/** Every file a chunk loads before it runs: itself, its static imports (transitively) and their stylesheets. */
function closure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, into);
  return into;
}

/** The report of a built console in `webDir` (dist/web); pages are the entry's dynamic imports under src/. */
export function bundleReport(webDir: string): BundleReport {
  const manifest = JSON.parse(readFileSync(join(webDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const sizes = new Map<string, number>();
  const kb = (files: Iterable<string>): number => {
    let total = 0;
    for (const file of files) {
      if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(join(webDir, file)), { level: 9 }).length / 1024);
      total += sizes.get(file) ?? 0;
    }
    return total;
  };
  const [entryKey, entry] = Object.entries(manifest).find(([, chunk]) => chunk.isEntry) ?? [];
  if (!entryKey || !entry) throw new Error('no entry chunk in the manifest');
  const shell = closure(manifest, entryKey);
  const pages = (entry.dynamicImports ?? [])
    .filter((key) => /Page\.vue$|-page\.ts$/.test(key))
    .map((key) => {
      const own = [...closure(manifest, key)].filter((file) => !shell.has(file));
      const ownKb = kb(own);
      return { source: key, ownKb, firstLoadKb: kb(shell) + ownKb };
    });
  return { shellKb: kb(shell), pages };
}
