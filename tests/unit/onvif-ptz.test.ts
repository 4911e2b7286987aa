// PTZ SOAP: parsers over gSOAP captures, requests read back by the simulated device, and its PTZ service answers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  continuousMoveRequest,
  expectResponse,
  gotoPresetRequest,
  isoSeconds,
  parsePresets,
  parseSetPreset,
  parseStatus,
  setPresetRequest,
  stopRequest,
} from '../../src/onvif/ptz-messages.js';
import { readSoapReply, soapEnvelope } from '../../src/onvif/soap.js';
import type { XmlNode } from '../../src/onvif/xml.js';
import { answerPtz, durationMs } from '../../src/simulator/onvif-ptz.js';
import { readRequest } from '../../src/simulator/onvif-soap.js';
import { PtzState } from '../../src/simulator/ptz-state.js';

/** A capture's body; the template slots some captures keep (`{{? ... }}`) are dropped. */
function capture(name: string): XmlNode {
  const xml = readFileSync(new URL(`../fixtures/onvif-gsoap/${name}`, import.meta.url), 'utf8');
  const reply = readSoapReply(xml.replace(/\{\{[^}]*\}\}/g, ''));
  if (reply.kind !== 'body') throw new Error(`${name} is a fault`);
  return reply.body;
}

function bodyOf(xml: string): XmlNode {
  const reply = readSoapReply(xml);
  if (reply.kind !== 'body') throw new Error('a fault');
  return reply.body;
}

describe('PTZ replies (gSOAP captures)', () => {
  it('GetPresets lists tokens and names', () => {
    const presets = parsePresets(capture('ptz.GetPresets.xml'));
    expect(presets[0]).toEqual({ token: 'P001', name: 'P001' });
    expect(presets.length).toBeGreaterThan(10);
  });

  it('SetPreset gives the new token; empty replies are checked by name', () => {
    expect(parseSetPreset(capture('ptz.SetPreset.xml'))).toBe('20');
    expect(() => expectResponse(capture('ptz.ContinuousMove.xml'), 'ContinuousMoveResponse')).not.toThrow();
    expect(() => expectResponse(capture('ptz.Stop.xml'), 'ContinuousMoveResponse')).toThrow(/no ContinuousMove/);
  });

  it('GetStatus gives the position in the generic spaces and whether it moves', () => {
    expect(parseStatus(capture('GetStatus.xml'))).toEqual({
      position: { pan: -0.864665985, tilt: 0.267444015, zoom: 0.211861998 },
      moving: false,
    });
  });
});

describe('PTZ requests, as the simulated device reads and answers them', () => {
  const clock = { now: 1_000_000 };
  const ptz = new PtzState({ now: () => clock.now });
  const ask = (operation: string) => {
    const request = readRequest(soapEnvelope(operation));
    if (!request) throw new Error('not SOAP');
    const answer = answerPtz(ptz, request);
    if (!answer) throw new Error(`${request.operation} unanswered`);
    return answer;
  };

  it('moves at the requested speeds, clamped, with a timeout in xs:duration', () => {
    const request = continuousMoveRequest('main', { pan: 0.5, tilt: -2, zoom: 0 }, 1500);
    expect(request).toContain('<tt:PanTilt x="0.5" y="-1"/>');
    expect(request).toContain('<tptz:Timeout>PT1.5S</tptz:Timeout>');
    expect(ask(request)[0]).toBe(200);
    clock.now += 3000;
    // Half speed for the 1.5 s of the timeout; tilt at full speed down to its limit.
    expect(ptz.position()).toEqual({ pan: 0.75, tilt: -1, zoom: 0 });
    expect(ptz.moving).toBe(false);
  });

  it('keeps presets and goes back to them; an unknown token is a fault', () => {
    const [, saved] = ask(setPresetRequest('main', '入口 <A&B>'));
    const token = parseSetPreset(bodyOf(saved));
    ask(continuousMoveRequest('main', { pan: -1, tilt: 1, zoom: 1 }));
    clock.now += 1000;
    expect(ask(stopRequest('main'))[0]).toBe(200);
    expect(ptz.position()).toEqual({ pan: -0.25, tilt: 0, zoom: 0.5 });
    expect(ask(gotoPresetRequest('main', token))[0]).toBe(200);
    expect(ptz.position()).toEqual({ pan: 0.75, tilt: -1, zoom: 0 });
    expect(ptz.listPresets()).toEqual([{ token, name: '入口 <A&B>', position: { pan: 0.75, tilt: -1, zoom: 0 } }]);
    const [status, fault] = ask(gotoPresetRequest('main', 'nope'));
    expect(status).toBe(400);
    expect(fault).toContain('ter:NoToken');
  });

  it('reads xs:durations and writes them', () => {
    expect(durationMs('PT1.5S')).toBe(1500);
    expect(durationMs('PT1M2S')).toBe(62_000);
    expect(durationMs('P1D')).toBeUndefined();
    expect(isoSeconds(250)).toBe('PT0.3S');
  });
});
