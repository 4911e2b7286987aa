// The one cookie parser and the fatal-fault rule, over tables of what callers and faults really send.
import { describe, expect, it } from 'vitest';
import { isFatalFault, readCookie } from '../../src/shared/index.js';

describe('readCookie', () => {
  // prettier-ignore
  const CASES: Array<[string | undefined, string | undefined]> = [
    [undefined,                                   undefined],
    ['',                                          undefined],
    ['vigil_session=abc',                         'abc'],
    ['a=1; vigil_session=abc; b=2',               'abc'],
    ['vigil_session=a%20b',                       'a b'],
    ['vigil_session="quoted"',                    'quoted'],
    ['vigil_session=x=y',                         'x=y'],
    ['vigil_session=%E0%A4%A',                    undefined],
    ['vigil_session=%',                           undefined],
    ['other=%E0%A4%A; vigil_session=ok',          'ok'],
    ['vigil_session',                             undefined],
    ['xvigil_session=abc',                        undefined],
    [';;; =; vigil_session=abc',                  'abc'],
  ];
  it.each(CASES)('%j → %j, never a throw', (header, expected) => {
    expect(readCookie(header, 'vigil_session')).toBe(expected);
  });
});

describe('isFatalFault', () => {
  const fault = (code: unknown) => Object.assign(new Error('x'), { code });
  it.each([
    ['SQLITE_CORRUPT', true],
    ['SQLITE_NOTADB', true],
    ['SQLITE_IOERR_WRITE', true],
    ['EADDRINUSE', true],
    ['SQLITE_FULL', false],
    ['SQLITE_CONSTRAINT_UNIQUE', false],
    ['ECONNRESET', false],
    ['EPIPE', false],
    [42, false],
  ])('%s → %s', (code, fatal) => {
    expect(isFatalFault(fault(code))).toBe(fatal);
  });
  it('takes anything thrown', () => {
    expect(isFatalFault('a string')).toBe(false);
    expect(isFatalFault(undefined)).toBe(false);
    expect(isFatalFault(new TypeError('bug'))).toBe(false);
  });
});
