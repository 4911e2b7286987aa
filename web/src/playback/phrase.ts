// A text of the playback page kept as its key and values, so that it is shown in whichever language is current.
import { t, type MessageKey, type Params } from '../shared/i18n.js';

export interface Phrase {
  key: MessageKey;
  params?: Params;
}

export const phrase = (key: MessageKey, params?: Params): Phrase => ({ key, params });

/** The phrase in the current language ('' for none); called during render, it follows language changes. */
export const spoken = (said: Phrase | null): string => (said ? t(said.key, said.params) : '');
