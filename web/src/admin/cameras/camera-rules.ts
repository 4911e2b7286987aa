// The camera form's own checks before anything is sent, as the hub checks: a name, an enterprise, rtsp:// stream URLs.
import type { FormItemRule } from 'element-plus';
import { CAMERA_LIMITS } from '../../../../src/contracts/camera-values.js';
import { t, type MessageKey } from '../../shared/i18n.js';

const STREAM_SCHEMES: readonly string[] = ['rtsp:', 'rtsps:'];

/** What is wrong with a stream URL, as a message key; undefined when the hub would take it. */
export function streamUrlProblem(url: string): MessageKey | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'adminCam.rule.notUrl';
  }
  if (!STREAM_SCHEMES.includes(parsed.protocol)) return 'adminCam.rule.rtspScheme';
  if (!parsed.hostname) return 'adminCam.rule.noHost';
  return undefined;
}

/** A rule from a check of the trimmed value; the message is worded when it fails, in the language of that moment. */
function rule(check: (value: string) => MessageKey | [MessageKey, { max: number }] | undefined): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, raw: string | undefined, callback) => {
      const problem = check((raw ?? '').trim());
      if (problem === undefined) callback();
      else callback(new Error(Array.isArray(problem) ? t(...problem) : t(problem)));
    },
  };
}

const required = (value: string): MessageKey | undefined => (value === '' ? 'form.required' : undefined);
const atMost =
  (max: number) =>
  (value: string): [MessageKey, { max: number }] | undefined =>
    value.length > max ? ['form.tooLong', { max }] : undefined;

/** The rules of the camera form; the stream URLs only when the hub pulls the stream (RTSP). */
export function cameraRules(pulled: boolean): Record<string, FormItemRule[]> {
  const url = (value: string) => atMost(CAMERA_LIMITS.url)(value) ?? streamUrlProblem(value);
  return {
    enterpriseId: [rule(required)],
    name: [rule((value) => required(value) ?? atMost(CAMERA_LIMITS.name)(value))],
    nameEn: [rule(atMost(CAMERA_LIMITS.name))],
    ...(pulled
      ? {
          mainUrl: [rule((value) => required(value) ?? url(value))],
          subUrl: [rule((value) => (value === '' ? undefined : url(value)))],
        }
      : {}),
  };
}
