// Cameras (monitoring points) in SQLite; credentials sealed at rest and only opened for ingest.
import type { ProductionStage } from '../contracts/index.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { splitCredentials, withCredentials } from '../shared/redact.js';
import type { SecretBox } from '../shared/secret-box.js';

export interface CameraRecord {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  orgUnitId: string;
  name: string;
  nameEn: string | null;
  stage: ProductionStage;
  sourceKind: 'rtsp' | 'rtmp';
  /** Source URLs without credentials. */
  mainUrl: string | null;
  subUrl: string | null;
  username: string | null;
  hasPassword: boolean;
  rtspTransport: 'tcp' | 'udp';
  recordMode: 'continuous' | 'off';
  retentionDays: number;
  enabled: boolean;
  /** The ONVIF device service the camera was registered from, if any. */
  onvifUrl: string | null;
  /** The branch hub this camera is mirrored from (a center's view of a branch camera); null: this hub's own. */
  origin: string | null;
}

interface CameraRow {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  org_unit_id: string;
  name: string;
  name_en: string | null;
  stage: ProductionStage;
  source_kind: 'rtsp' | 'rtmp';
  main_url: string | null;
  sub_url: string | null;
  username: string | null;
  password_enc: string | null;
  rtsp_transport: 'tcp' | 'udp';
  record_mode: 'continuous' | 'off';
  retention_days: number;
  enabled: number;
  push_key_enc: string | null;
  onvif_url: string | null;
  origin: string | null;
}

export interface NewCamera {
  id?: string;
  enterpriseId: string;
  name: string;
  nameEn?: string | null;
  stage: ProductionStage;
  sourceKind?: 'rtsp' | 'rtmp';
  /** May carry `user:pass@`; the credentials are split off and sealed. */
  mainUrl: string | null;
  subUrl?: string | null;
  username?: string | null;
  password?: string | null;
  rtspTransport?: 'tcp' | 'udp';
  recordMode?: 'continuous' | 'off';
  retentionDays?: number;
  enabled?: boolean;
  onvifUrl?: string | null;
}

/** An edit: absent fields stay; `password: null` clears it; URLs may carry `user:pass@` (split off and sealed). */
export type CameraPatch = Partial<Omit<NewCamera, 'id' | 'sourceKind'>>;

const SELECT = `SELECT c.*, e.name AS enterprise_name, e.org_unit_id AS org_unit_id
  FROM cameras c JOIN enterprises e ON e.id = c.enterprise_id`;

const toRecord = (row: CameraRow): CameraRecord => ({
  id: row.id,
  enterpriseId: row.enterprise_id,
  enterpriseName: row.enterprise_name,
  orgUnitId: row.org_unit_id,
  name: row.name,
  nameEn: row.name_en,
  stage: row.stage,
  sourceKind: row.source_kind,
  mainUrl: row.main_url,
  subUrl: row.sub_url,
  username: row.username,
  hasPassword: row.password_enc !== null,
  rtspTransport: row.rtsp_transport,
  recordMode: row.record_mode,
  retentionDays: row.retention_days,
  enabled: row.enabled === 1,
  onvifUrl: row.onvif_url,
  origin: row.origin,
});

const DEFAULT_PORTS: Record<string, string> = { 'rtsp:': '554', 'rtsps:': '322', 'http:': '80', 'https:': '443' };

/** host:port with the scheme's default port spelled out, so rtsp://cam and rtsp://cam:554 are one address. */
function addressOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (DEFAULT_PORTS[parsed.protocol] ?? '')}`;
}

/**
 * True when an edit points one of the camera's URLs at an address (host or port) none of its stored URLs uses:
 * the stored password was entered for the old device and must not follow the URL to another one.
 */
function movesAway(current: CameraRecord, urls: ReadonlyArray<string | undefined>): boolean {
  const known = new Set(
    [current.mainUrl, current.subUrl, current.onvifUrl].flatMap((url) => (url ? [addressOf(url)] : [])),
  );
  return urls.some((url) => url !== undefined && !known.has(addressOf(url)));
}

/** A camera mirrored from a branch hub is the branch's: the center shows it but never changes it. */
function refuseMirrored(camera: CameraRecord): void {
  if (camera.origin === null) return;
  throw new VigilError(
    'VIGIL_CONFLICT',
    `Camera "${camera.name}" belongs to branch hub ${camera.origin}: change it on that hub`,
    { details: { reason: 'mirrored', origin: camera.origin } },
  );
}

/** A push stream key: 128 random bits, URL- and RTMP-name-safe. */
const newPushKey = (): string => randomBytes(16).toString('hex');

export class CameraStore {
  private readonly sql: Prepare;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {
    this.sql = cachedPrepare(db);
  }

  list(): CameraRecord[] {
    return (this.sql(`${SELECT} ORDER BY e.org_unit_id, e.name, c.name`).all() as CameraRow[]).map(toRecord);
  }

  get(id: string): CameraRecord | undefined {
    const row = this.sql(`${SELECT} WHERE c.id = ?`).get(id) as CameraRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  create(input: NewCamera): CameraRecord {
    const main = input.mainUrl ? splitCredentials(input.mainUrl) : undefined;
    const sub = input.subUrl ? splitCredentials(input.subUrl) : undefined;
    const onvif = input.onvifUrl ? splitCredentials(input.onvifUrl) : undefined;
    const username = input.username ?? main?.username ?? onvif?.username ?? null;
    const password = input.password ?? main?.password ?? onvif?.password ?? null;
    const id = input.id ?? newId('cam');
    const now = Date.now();
    this.sql(
      `INSERT INTO cameras (id, enterprise_id, name, name_en, stage, source_kind, main_url, sub_url, username,
           password_enc, rtsp_transport, record_mode, retention_days, enabled, onvif_url, push_key_enc,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.enterpriseId,
      input.name,
      input.nameEn ?? null,
      input.stage,
      input.sourceKind ?? 'rtsp',
      main?.url ?? null,
      sub?.url ?? null,
      username,
      password ? this.secrets.seal(password) : null,
      input.rtspTransport ?? 'tcp',
      input.recordMode ?? 'continuous',
      input.retentionDays ?? 30,
      input.enabled === false ? 0 : 1,
      onvif?.url ?? null,
      input.sourceKind === 'rtmp' ? this.secrets.seal(newPushKey()) : null,
      now,
      now,
    );
    return this.get(id) as CameraRecord;
  }

  /**
   * Applies an edit and returns the camera as stored. A URL moved to another address without the password in the
   * same edit clears the stored password (see movesAway).
   */
  update(id: string, patch: CameraPatch): CameraRecord {
    const current = this.get(id);
    if (!current) throw new VigilError('VIGIL_NOT_FOUND', 'No such camera');
    refuseMirrored(current);
    const main = patch.mainUrl ? splitCredentials(patch.mainUrl) : undefined;
    const sub = patch.subUrl ? splitCredentials(patch.subUrl) : undefined;
    const onvif = patch.onvifUrl ? splitCredentials(patch.onvifUrl) : undefined;
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown): void => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.enterpriseId !== undefined) set('enterprise_id', patch.enterpriseId);
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.nameEn !== undefined) set('name_en', patch.nameEn);
    if (patch.stage !== undefined) set('stage', patch.stage);
    if (patch.mainUrl !== undefined) set('main_url', main?.url ?? null);
    if (patch.subUrl !== undefined) set('sub_url', sub?.url ?? null);
    const username = patch.username !== undefined ? patch.username : (main?.username ?? onvif?.username);
    if (username !== undefined) set('username', username);
    const entered = patch.password !== undefined ? patch.password : (main?.password ?? onvif?.password);
    const moved = movesAway(current, [main?.url, sub?.url, onvif?.url]);
    const password = entered === undefined && moved ? null : entered;
    if (password !== undefined) set('password_enc', password ? this.secrets.seal(password) : null);
    if (patch.rtspTransport !== undefined) set('rtsp_transport', patch.rtspTransport);
    if (patch.recordMode !== undefined) set('record_mode', patch.recordMode);
    if (patch.retentionDays !== undefined) set('retention_days', patch.retentionDays);
    if (patch.enabled !== undefined) set('enabled', patch.enabled ? 1 : 0);
    if (patch.onvifUrl !== undefined) set('onvif_url', onvif?.url ?? null);
    set('updated_at', Date.now());
    this.sql(`UPDATE cameras SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.get(id) as CameraRecord;
  }

  /** Removes the camera row; its recordings and events stay (retention removes footage in its own time). */
  remove(id: string): void {
    const current = this.get(id);
    if (current) refuseMirrored(current);
    const changed = this.sql('DELETE FROM cameras WHERE id = ?').run(id).changes;
    if (changed === 0) throw new VigilError('VIGIL_NOT_FOUND', 'No such camera');
  }

  /** The stream key of a push camera, for showing to its admins only. */
  pushKey(id: string): string | undefined {
    const row = this.sql('SELECT push_key_enc FROM cameras WHERE id = ?').get(id) as
      Pick<CameraRow, 'push_key_enc'> | undefined;
    return row?.push_key_enc ? this.secrets.open(row.push_key_enc) : undefined;
  }

  /** A new stream key for a push camera; the old one stops working at once. */
  regeneratePushKey(id: string): string {
    const camera = this.get(id);
    if (!camera || camera.sourceKind !== 'rtmp') throw new VigilError('VIGIL_NOT_FOUND', 'No such push camera');
    const key = newPushKey();
    this.sql('UPDATE cameras SET push_key_enc = ?, updated_at = ? WHERE id = ?').run(
      this.secrets.seal(key),
      Date.now(),
      id,
    );
    return key;
  }

  /** True when `key` is the stream key of push camera `id` (constant-time comparison). */
  verifyPushKey(id: string, key: string): boolean {
    const expected = this.pushKey(id);
    if (!expected) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(key);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The URL with credentials put in, for handing to ffmpeg only. Never log or return it. */
  sourceUrl(id: string, stream: 'main' | 'sub'): string | undefined {
    const row = this.sql('SELECT main_url, sub_url, username, password_enc FROM cameras WHERE id = ?').get(id) as
      Pick<CameraRow, 'main_url' | 'sub_url' | 'username' | 'password_enc'> | undefined;
    if (!row) throw new VigilError('VIGIL_NOT_FOUND', 'No such camera');
    const url = stream === 'main' ? row.main_url : row.sub_url;
    if (!url) return undefined;
    const password = row.password_enc ? this.secrets.open(row.password_enc) : undefined;
    return withCredentials(url, row.username ?? undefined, password);
  }

  /** The camera's password, for redacting it from ffmpeg's own output. */
  secretsOf(id: string): string[] {
    const row = this.sql('SELECT password_enc FROM cameras WHERE id = ?').get(id) as
      Pick<CameraRow, 'password_enc'> | undefined;
    return row?.password_enc ? [this.secrets.open(row.password_enc)] : [];
  }

  count(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM cameras').get() as { n: number }).n;
  }
}
