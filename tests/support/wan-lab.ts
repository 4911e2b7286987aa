// The branch-site lab for tests: its directories are removed after the test file.
import { WanLab } from '../../scripts/lib/wan-lab.js';
import { tempDir } from './temp-dir.js';

export { WanLab, type BranchSite } from '../../scripts/lib/wan-lab.js';

export const testWanLab = (): WanLab => new WanLab(() => tempDir());
