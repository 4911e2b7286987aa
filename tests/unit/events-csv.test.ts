// CSV cells and records of the event download: RFC 4180 quoting, formula defusing, BOM, names over ids.
import { describe, expect, it } from 'vitest';
import type { EventItem } from '../../src/contracts/index.js';
import { CSV_BOM, csvCell, csvEventRow, csvHeader } from '../../src/events/index.js';

describe('event CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['东港分局', '东港分局'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=1+2', "'=1+2"],
    ['+31 20', "'+31 20"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['', ''],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as they are and nothing for null', () => {
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
  });

  it('starts with the UTF-8 BOM and a header in the chosen language', () => {
    expect(csvHeader('zh-CN').startsWith(`${CSV_BOM}编号,时间,级别,类型,内容`)).toBe(true);
    expect(csvHeader('en').startsWith(`${CSV_BOM}ID,Time,Severity,Type,Message`)).toBe(true);
    expect(csvHeader('en').endsWith('\r\n')).toBe(true);
  });

  it('names units, enterprises and cameras, and falls back to the id of one that is gone', () => {
    const event: EventItem = {
      id: 7,
      at: '2026-03-01T00:00:00.000Z',
      type: 'audit.live.started',
      severity: 'info',
      message: 'watching',
      cameraId: 'cam-1',
      enterpriseId: 'ent-gone',
      orgUnitId: 'east',
      userId: 'usr_1',
      username: 'east-insp',
      ip: '127.0.0.1',
      data: { username: 'east-insp', stream: 'main' },
    };
    const names = {
      unit: (id: string) => (id === 'east' ? '东分局' : undefined),
      enterprise: () => undefined,
      camera: (id: string) => (id === 'cam-1' ? '原料口, 一号' : undefined),
    };
    // The text is the event's, in the file's language, with the camera's name there.
    expect(csvEventRow(event, names, 'zh-CN')).toBe(
      '7,2026-03-01T00:00:00.000Z,info,audit.live.started,"east-insp 开始观看 原料口, 一号",东分局,ent-gone,' +
        '"原料口, 一号",cam-1,east-insp,127.0.0.1,"{""username"":""east-insp"",""stream"":""main""}"\r\n',
    );
    expect(csvEventRow({ ...event, type: 'some.other' }, names, 'en')).toContain(',some.other,watching,');
  });
});
