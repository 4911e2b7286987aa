// Notice numbers: one gap-free sequence per branch and year, as official documents are numbered (东港〔2026〕第0007号).
import type { Prepare } from '../../db/index.js';

/** The branch's short name on a notice: its name without the trailing 分局 (东港分局 → 东港), else the full name. */
export function branchShortName(name: string): string {
  const short = name.endsWith('分局') ? name.slice(0, -'分局'.length).trim() : name;
  return short.length > 0 ? short : name;
}

export function formatNoticeNumber(branchName: string, year: number, seq: number): string {
  return `${branchShortName(branchName)}〔${year}〕第${String(seq).padStart(4, '0')}号`;
}

/**
 * The next number of the branch in the year. Must run inside the transaction that inserts the notice: a failed
 * insert rolls the counter back with it, so no number is skipped, and SQLite's single writer orders concurrent issues.
 */
export function takeNoticeSeq(sql: Prepare, orgUnitId: string, year: number): number {
  const row = sql(
    `INSERT INTO notice_counters (org_unit_id, year, seq) VALUES (?, ?, 1)
     ON CONFLICT (org_unit_id, year) DO UPDATE SET seq = seq + 1 RETURNING seq`,
  ).get(orgUnitId, year) as { seq: number };
  return row.seq;
}
