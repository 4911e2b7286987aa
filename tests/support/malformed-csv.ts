// The upload door: malformed CSV files posted to the camera import, with odd content types and sessions.
import { httpCase, type Case, type Target } from './malformed-cases.js';
import type { Expectation, HeaderList } from './raw-http.js';

const PATH = '/api/admin/cameras/import';
const HEADER = 'enterprise,name,stage,main_url,sub_url,username,password,transport,record_mode';
/** A row that fails on its enterprise, so a body that happens to parse registers nothing. */
const ROW = 'ent-none,门口,processing,rtsp://127.0.0.1:9/x,,,,tcp,off';
/** A row that is valid: with a formula for a name it is odd, not wrong; not recorded, so it starts no ingest. */
const formulaRow = (name: string): string => `ent-haixian,"${name}",processing,rtsp://127.0.0.1:9/x,,,,tcp,off`;
const csv = (...lines: string[]): string => lines.join('\r\n');
const KB = 1024;

const utf16 = (text: string, bigEndian: boolean): Buffer => {
  const little = Buffer.from(`\ufeff${text}`, 'utf16le');
  return bigEndian ? Buffer.from(little).swap16() : little;
};

/** Bodies that are broken or odd; each is answered with the import report (per-row errors) or a 4xx. */
const BODIES: ReadonlyArray<readonly [string, () => Buffer | string]> = [
  ['empty', () => ''],
  ['header only', () => HEADER],
  ['unterminated quote', () => csv(HEADER, 'ent-none,"门口,processing')],
  ['quote inside a field', () => csv(HEADER, 'ent-none,ab"c,processing,,,,,tcp,off')],
  ['text after a closing quote', () => csv(HEADER, 'ent-none,"a"b,processing,,,,,tcp,off')],
  ['lone quote', () => '"'],
  [
    'invalid UTF-8',
    () =>
      Buffer.concat([
        Buffer.from(`${HEADER}\r\n`),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from(',x,processing'),
      ]),
  ],
  ['UTF-8 BOM', () => `\ufeff${csv(HEADER, ROW)}`],
  ['two UTF-8 BOMs', () => `\ufeff\ufeff${csv(HEADER, ROW)}`],
  ['BOM in the middle', () => csv(HEADER, `\ufeff${ROW}`)],
  ['UTF-16 LE with BOM', () => utf16(csv(HEADER, ROW), false)],
  ['UTF-16 BE with BOM', () => utf16(csv(HEADER, ROW), true)],
  ['UTF-32 LE BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(HEADER, 'utf16le')])],
  ['100k columns in the header', () => `${HEADER}${','.repeat(100_000)}`],
  ['100k unknown column names', () => Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')],
  ['100k fields in a row', () => csv(HEADER, `${ROW}${',x'.repeat(100_000)}`)],
  ['NUL bytes in fields', () => csv(HEADER, 'ent-none,a\u0000b,processing\u0000,,,,,tcp,off')],
  ['NUL bytes in the header', () => csv(`enterprise\u0000,name,stage`, ROW)],
  ['formula =HYPERLINK', () => csv(HEADER, formulaRow('=HYPERLINK(""http://evil.example"",""x"")'))],
  ['formula =cmd|', () => csv(HEADER, formulaRow("=cmd|' /C calc'!A0"))],
  ['formula +, - and @', () => csv(HEADER, formulaRow('+1+1'), formulaRow('-2+3'), formulaRow('@SUM(1,1)'))],
  ['formula tab and CR prefixes', () => csv(HEADER, formulaRow('\t=1+1'), formulaRow('\r=1+1'))],
  ['CR-only line ends', () => [HEADER, ROW, ROW].join('\r')],
  ['100k empty lines', () => `${HEADER}${'\n'.repeat(100_000)}`],
  ['2001 rows (over the row limit)', () => csv(HEADER, ...Array<string>(2001).fill(ROW))],
  ['one field of 1 MB', () => csv(HEADER, `ent-none,${'n'.repeat(1024 * KB)},processing`)],
  ['a header name of 64 kB', () => `${'h'.repeat(64 * KB)},name,stage`],
  ['JSON instead of CSV', () => '{"enterprise":"ent-haixian","name":"x"}'],
  ['100k nested brackets', () => '['.repeat(100_000)],
  ['binary noise', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
];

type Who = 'admin' | 'inspector' | 'none' | 'bad-cookie';

interface Upload {
  name: string;
  expectation: Expectation;
  body: Buffer | string;
  contentType?: string | undefined;
  who?: Who;
  /** Content-Length to announce (larger than the body: the client stops half-way). */
  contentLength?: number;
}

const cookieOf = (who: Who, target: Target): HeaderList =>
  who === 'admin'
    ? [['Cookie', target.cookies.admin]]
    : who === 'inspector'
      ? [['Cookie', target.cookies.inspector]]
      : who === 'bad-cookie'
        ? [['Cookie', 'vigil_session=%E0%A4%A']]
        : [];

const upload = (u: Upload): Case => {
  const who = u.who ?? 'admin';
  return httpCase(
    'csv',
    `${u.name} · ${u.contentType ?? 'no content type'} · ${who}`,
    u.expectation,
    (target) => ({
      method: 'POST',
      target: PATH,
      headers: [...cookieOf(who, target), ...(u.contentType ? [['Content-Type', u.contentType] as const] : [])],
      body: u.body,
      ...(u.contentLength === undefined ? {} : { contentLength: u.contentLength }),
    }),
    { halfClose: u.contentLength !== undefined },
  );
};

export function csvCases(): Case[] {
  const bodies = BODIES.map(([name, make]) =>
    upload({ name, expectation: 'tolerate', body: make(), contentType: 'text/csv' }),
  );
  const sample = csv(HEADER, ROW);
  const contentTypes = [
    undefined,
    'application/json',
    'multipart/form-data; boundary=x',
    'text/csv; charset=bogus',
    'text/csv; charset=utf-16',
    'application/octet-stream',
  ].map((contentType) => upload({ name: 'one row', expectation: 'reject', body: sample, contentType }));
  const odd = ['text/plain', 'TEXT/CSV; charset=UTF-8', 'text/csv;;;charset="utf-8"'].map((contentType) =>
    upload({ name: 'one row', expectation: 'tolerate', body: sample, contentType }),
  );
  const callers = (['inspector', 'none', 'bad-cookie'] as const).flatMap((who) =>
    ['one row', 'unterminated quote', 'formula =cmd|'].map((name) =>
      upload({
        name,
        expectation: 'reject',
        who,
        contentType: 'text/csv',
        body: BODIES.find(([n]) => n === name)?.[1]() ?? sample,
      }),
    ),
  );
  const broken = [
    upload({
      name: 'over the size limit (3 MB)',
      expectation: 'reject',
      contentType: 'text/csv',
      body: csv(HEADER, `ent-none,${'n'.repeat(3 * 1024 * KB)}`),
    }),
    upload({
      name: 'Content-Length larger than sent, then closed',
      expectation: 'reject',
      contentType: 'text/csv',
      body: csv(HEADER, 'ent-none,'),
      contentLength: 100_000,
    }),
  ];
  return [...bodies, ...contentTypes, ...odd, ...callers, ...broken];
}
