// Notice numbers: the branch's short name, per branch and per year, without gaps, also across two connections and
// when an issue fails half-way.
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import { branchShortName, formatNoticeNumber, NoticeService } from '../../src/supervision/index.js';
import { noticeProvince, noticeService } from '../support/notice-province.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();

const province = (name: string): string => noticeProvince(dir, name);
const service = (db: Db, clock: { now: number }): NoticeService => noticeService(db, dir, clock);

const by = { userId: null, username: 'insp' };
const issue = (notices: NoticeService, enterpriseId: string) =>
  notices.issue({ enterpriseId, finding: 'f', rule: 'r', deadline: 1 }, by).number;

describe('notice numbers', () => {
  it('use the branch name without 分局, and four digits', () => {
    expect(branchShortName('东港分局')).toBe('东港');
    expect(branchShortName('西山')).toBe('西山');
    expect(branchShortName('分局')).toBe('分局');
    expect(formatNoticeNumber('东港分局', 2026, 7)).toBe('东港〔2026〕第0007号');
    expect(formatNoticeNumber('东港分局', 2026, 12345)).toBe('东港〔2026〕第12345号');
  });

  it('count per branch and start again each year', () => {
    const db = openDatabase(province('years'));
    const clock = { now: new Date(2026, 11, 31, 23, 0).getTime() };
    const notices = service(db, clock);
    expect([issue(notices, 'e-dg'), issue(notices, 'e-xs'), issue(notices, 'e-dg')]).toEqual([
      '东港〔2026〕第0001号',
      '西山〔2026〕第0001号',
      '东港〔2026〕第0002号',
    ]);
    clock.now = new Date(2027, 0, 1, 8, 0).getTime();
    expect(issue(notices, 'e-dg')).toBe('东港〔2027〕第0001号');
    db.close();
  });

  it('leave no gap when an issue is refused or fails inside its transaction', () => {
    const db = openDatabase(province('gaps'));
    const notices = service(db, { now: Date.now() });
    expect(issue(notices, 'e-dg')).toBe(`东港〔${new Date().getFullYear()}〕第0001号`);
    expect(() => issue(notices, 'e-nope')).toThrow(/No such enterprise/);
    // A failing insert (an unknown parent breaks its foreign key) rolls the counter back with it.
    expect(() =>
      notices.issue({ enterpriseId: 'e-dg', finding: 'f', rule: 'r', deadline: 1 }, by, 'ntc_missing'),
    ).toThrow();
    expect(issue(notices, 'e-dg')).toMatch(/第0002号$/);
    db.close();
  });

  it('stay gap-free and unique when two connections issue in turns', () => {
    const file = province('two');
    const [a, b] = [openDatabase(file), openDatabase(file)];
    const clock = { now: Date.now() };
    const [first, second] = [service(a, clock), service(b, clock)];
    const numbers = Array.from({ length: 40 }, (_, i) => issue(i % 3 === 0 ? first : second, 'e-dg'));
    expect(new Set(numbers).size).toBe(40);
    expect(numbers.map((number) => Number(/第(\d+)号/.exec(number)?.[1]))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    a.close();
    b.close();
  });
});
