// CLI: `npm run verify-export -- <export-dir>` recomputes a clip's SHA-256 and compares it with its manifest.
import { verifyExport } from './manifest.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: verify-export <export-dir>');
  process.exit(2);
}
const result = await verifyExport(dir);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(result.ok ? 0 : 1);
