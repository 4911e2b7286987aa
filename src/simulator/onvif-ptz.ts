// The simulated device's PTZ service (ver20): ContinuousMove, Stop, presets and GetStatus over the dome's PtzState.
import { envelope, escape, fault, field, numberAttribute, type OnvifRequest } from './onvif-soap.js';
import type { PtzPosition, PtzState } from './ptz-state.js';

/** A reply: [HTTP status, SOAP envelope]. */
export type SoapAnswer = [number, string];

const ok = (body: string): SoapAnswer => [200, envelope(body)];
const invalid = (subcode: string, reason: string): SoapAnswer => [
  400,
  fault('Sender', ['ter:InvalidArgVal', subcode], reason),
];

function vector(position: PtzPosition): string {
  return (
    `<tt:PanTilt x="${position.pan.toFixed(4)}" y="${position.tilt.toFixed(4)}" ` +
    'space="http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace"/>' +
    `<tt:Zoom x="${position.zoom.toFixed(4)}" space="http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace"/>`
  );
}

/** xs:duration seconds (PT1.5S, PT2M); undefined when absent or not understood. */
export function durationMs(value: string | undefined): number | undefined {
  const match = /^PT(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value?.trim() ?? '');
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Math.round((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 1000);
}

function continuousMove(ptz: PtzState, request: OnvifRequest): SoapAnswer {
  const speed = (path: string[], name: string): number => numberAttribute(request, ['Velocity', ...path], name) ?? 0;
  ptz.continuousMove(
    { pan: speed(['PanTilt'], 'x'), tilt: speed(['PanTilt'], 'y'), zoom: speed(['Zoom'], 'x') },
    durationMs(field(request, 'Timeout')),
  );
  return ok('<tptz:ContinuousMoveResponse/>');
}

function presets(ptz: PtzState): SoapAnswer {
  const list = ptz
    .listPresets()
    .map(
      (preset) =>
        `<tptz:Preset token="${escape(preset.token)}"><tt:Name>${escape(preset.name)}</tt:Name>` +
        `<tt:PTZPosition>${vector(preset.position)}</tt:PTZPosition></tptz:Preset>`,
    )
    .join('');
  return ok(`<tptz:GetPresetsResponse>${list}</tptz:GetPresetsResponse>`);
}

function status(ptz: PtzState): SoapAnswer {
  const move = ptz.moving ? 'MOVING' : 'IDLE';
  return ok(
    `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>${vector(ptz.position())}</tt:Position>` +
      `<tt:MoveStatus><tt:PanTilt>${move}</tt:PanTilt><tt:Zoom>${move}</tt:Zoom></tt:MoveStatus>` +
      `<tt:UtcTime>${new Date().toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`,
  );
}

/** Answers one PTZ operation; undefined when the operation is not a PTZ one. */
export function answerPtz(ptz: PtzState, request: OnvifRequest): SoapAnswer | undefined {
  const presetToken = field(request, 'PresetToken');
  switch (request.operation) {
    case 'ContinuousMove':
      return continuousMove(ptz, request);
    case 'Stop':
      ptz.stop();
      return ok('<tptz:StopResponse/>');
    case 'GetPresets':
      return presets(ptz);
    case 'GetStatus':
      return status(ptz);
    case 'SetPreset': {
      if (presetToken !== undefined && !ptz.listPresets().some((p) => p.token === presetToken)) {
        return invalid('ter:NoToken', 'The preset token does not exist');
      }
      const token = ptz.setPreset(field(request, 'PresetName') ?? '', presetToken);
      return ok(
        `<tptz:SetPresetResponse><tptz:PresetToken>${escape(token)}</tptz:PresetToken></tptz:SetPresetResponse>`,
      );
    }
    case 'GotoPreset':
      return presetToken !== undefined && ptz.gotoPreset(presetToken)
        ? ok('<tptz:GotoPresetResponse/>')
        : invalid('ter:NoToken', 'The preset token does not exist');
    case 'RemovePreset':
      return presetToken !== undefined && ptz.removePreset(presetToken)
        ? ok('<tptz:RemovePresetResponse/>')
        : invalid('ter:NoToken', 'The preset token does not exist');
    default:
      return undefined;
  }
}
