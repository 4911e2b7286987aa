// PTZ service (ver20 wsdl) requests and reply parsers, pure: velocities and positions in the generic spaces (-1..1, zoom 0..1).
import { OnvifParseError } from './device-parsers.js';
import { attr, children, path, text, escapeXml, type XmlNode } from './xml.js';

export const PTZ_NS = 'http://www.onvif.org/ver20/ptz/wsdl';

/** Pan, tilt and zoom: speeds in -1..1 for moves, a position (pan, tilt -1..1, zoom 0..1) for presets and status. */
export interface PtzVector {
  pan: number;
  tilt: number;
  zoom: number;
}

export interface OnvifPreset {
  token: string;
  name: string;
  position?: PtzVector;
}

export interface OnvifPtzStatus {
  position?: PtzVector;
  moving: boolean;
}

/** The operation element, with the PTZ namespace declared on it so the envelope stays the device client's. */
function operation(name: string, profileToken: string, inner = ''): string {
  return (
    `<tptz:${name} xmlns:tptz="${PTZ_NS}"><tptz:ProfileToken>${escapeXml(profileToken)}</tptz:ProfileToken>` +
    `${inner}</tptz:${name}>`
  );
}

/** A number as the wire wants it: finite, clamped, without exponent notation. */
function coordinate(value: number, min: number, max: number): string {
  const clamped = Math.min(max, Math.max(min, Number.isFinite(value) ? value : 0));
  return String(Math.round(clamped * 1e4) / 1e4);
}

/** xs:duration of a timeout, e.g. PT1.5S. */
export function isoSeconds(ms: number): string {
  return `PT${Math.max(0.1, Math.round(ms / 100) / 10)}S`;
}

export function continuousMoveRequest(profileToken: string, velocity: PtzVector, timeoutMs?: number): string {
  const speed =
    '<tptz:Velocity>' +
    `<tt:PanTilt x="${coordinate(velocity.pan, -1, 1)}" y="${coordinate(velocity.tilt, -1, 1)}"/>` +
    `<tt:Zoom x="${coordinate(velocity.zoom, -1, 1)}"/></tptz:Velocity>`;
  const timeout = timeoutMs === undefined ? '' : `<tptz:Timeout>${isoSeconds(timeoutMs)}</tptz:Timeout>`;
  return operation('ContinuousMove', profileToken, speed + timeout);
}

export function stopRequest(profileToken: string): string {
  return operation('Stop', profileToken, '<tptz:PanTilt>true</tptz:PanTilt><tptz:Zoom>true</tptz:Zoom>');
}

export function getPresetsRequest(profileToken: string): string {
  return operation('GetPresets', profileToken);
}

export function gotoPresetRequest(profileToken: string, presetToken: string): string {
  return operation('GotoPreset', profileToken, `<tptz:PresetToken>${escapeXml(presetToken)}</tptz:PresetToken>`);
}

export function setPresetRequest(profileToken: string, name: string, presetToken?: string): string {
  const token = presetToken === undefined ? '' : `<tptz:PresetToken>${escapeXml(presetToken)}</tptz:PresetToken>`;
  return operation('SetPreset', profileToken, `<tptz:PresetName>${escapeXml(name)}</tptz:PresetName>${token}`);
}

export function removePresetRequest(profileToken: string, presetToken: string): string {
  return operation('RemovePreset', profileToken, `<tptz:PresetToken>${escapeXml(presetToken)}</tptz:PresetToken>`);
}

export function getStatusRequest(profileToken: string): string {
  return operation('GetStatus', profileToken);
}

function responseOf(body: XmlNode, name: string): XmlNode {
  const found = path(body, name);
  if (!found) throw new OnvifParseError(`the reply has no ${name}`);
  return found;
}

function number(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A PTZVector element (PanTilt x/y attributes, Zoom x); undefined when it carries no pan/tilt. */
export function parseVector(node: XmlNode | undefined): PtzVector | undefined {
  const panTilt = path(node, 'PanTilt');
  const pan = number(attr(panTilt, 'x'));
  const tilt = number(attr(panTilt, 'y'));
  if (pan === undefined || tilt === undefined) return undefined;
  return { pan, tilt, zoom: number(attr(path(node, 'Zoom'), 'x')) ?? 0 };
}

export function parsePresets(body: XmlNode): OnvifPreset[] {
  return children(responseOf(body, 'GetPresetsResponse'), 'Preset').flatMap((preset) => {
    const token = attr(preset, 'token');
    if (!token) return [];
    const position = parseVector(path(preset, 'PTZPosition'));
    return [{ token, name: text(preset, 'Name') || token, ...(position ? { position } : {}) }];
  });
}

export function parseSetPreset(body: XmlNode): string {
  const token = text(responseOf(body, 'SetPresetResponse'), 'PresetToken');
  if (!token) throw new OnvifParseError('SetPresetResponse has no PresetToken');
  return token;
}

export function parseStatus(body: XmlNode): OnvifPtzStatus {
  const status = path(responseOf(body, 'GetStatusResponse'), 'PTZStatus');
  if (!status) throw new OnvifParseError('GetStatusResponse has no PTZStatus');
  const position = parseVector(path(status, 'Position'));
  const moves = [text(status, 'MoveStatus', 'PanTilt'), text(status, 'MoveStatus', 'Zoom')];
  return { moving: moves.some((move) => move?.toUpperCase() === 'MOVING'), ...(position ? { position } : {}) };
}

/** Checks the named reply element is there (operations whose reply is empty). */
export function expectResponse(body: XmlNode, name: string): void {
  responseOf(body, name);
}
