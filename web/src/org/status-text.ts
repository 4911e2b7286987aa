// A camera's status reason in the console's language: from its stable code when it has one, else the hub's words.
import { REASON_TEXTS } from '../../../src/contracts/reason-text.js';
import { language } from '../shared/i18n.js';

export function reasonText(camera: { statusReason: string | null; statusReasonCode?: string | null }): string | null {
  const code = camera.statusReasonCode;
  return (code ? REASON_TEXTS[code]?.[language()] : undefined) ?? camera.statusReason;
}
