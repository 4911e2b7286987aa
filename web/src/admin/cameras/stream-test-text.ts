// A stream test's outcome in words: codec, size and rate, the H.265 caveat, or the failure's reason.
import type { StreamTestResult } from '../../../../src/contracts/index.js';
import { t, type MessageKey } from '../../shared/i18n.js';

export type OutcomeKind = 'success' | 'warning' | 'danger';

export function describeStreamTest(result: StreamTestResult): { kind: OutcomeKind; text: string } {
  if (!result.ok) {
    const key = `adminCam.reason.${result.reason.code}` as MessageKey;
    // Every failure code has words here; a code added later falls back to the hub's own message.
    const reason = (t(key) as string | undefined) ?? result.reason.message;
    return {
      kind: 'danger',
      text: t('adminCam.form.testFailed', {
        reason: reason + (result.reason.detail ? ` (${result.reason.detail})` : ''),
      }),
    };
  }
  const params = {
    codec: result.codec.toUpperCase(),
    width: result.width,
    height: result.height,
    fps: result.fps ?? '?',
  };
  return result.browserPlayable
    ? { kind: 'success', text: t('adminCam.form.testOk', params) }
    : { kind: 'warning', text: t('adminCam.form.testH265', params) };
}
