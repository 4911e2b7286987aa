// Bulk camera import from CSV: parse (RFC 4180, UTF-8 with or without BOM), validate every row, register the good ones, report each.
import { ZodError } from 'zod';
import {
  PRODUCTION_STAGES,
  type CsvImportReport,
  type CsvRowResult,
  type ProductionStage,
} from '../contracts/index.js';
import { inScope, type OrgStore } from '../org/index.js';
import { errorMessage, isVigilError, VigilError } from '../shared/errors.js';
import type { Actor, CameraAdmin } from './camera-admin.js';

/** Largest import accepted in one file. */
export const MAX_CSV_ROWS = 2000;

export const CSV_COLUMNS = [
  'enterprise',
  'name',
  'stage',
  'main_url',
  'sub_url',
  'username',
  'password',
  'transport',
  'record_mode',
  'name_en',
  'retention_days',
  'source_kind',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['enterprise', 'name', 'stage'];

/** Chinese stage names as the console shows them, accepted besides the codes. */
const STAGE_NAMES: Record<string, ProductionStage> = {
  原料进厂: 'raw_material_intake',
  加工生产: 'processing',
  人员通道: 'staff_entrance',
  产品检验: 'product_testing',
  包装: 'packaging',
  仓储: 'storage',
  其他: 'other',
};

/** Splits CSV text into records of fields: quoted fields, doubled quotes, CRLF or LF, a leading BOM dropped. */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new VigilError('VIGIL_VALIDATION', 'The CSV ends inside a quoted field (a missing closing ")');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function describe(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
  }
  return isVigilError(error) ? error.message : errorMessage(error);
}

export interface CsvImportDeps {
  admin: CameraAdmin;
  org: OrgStore;
}

/** Validates every row first, then registers the valid ones; one bad row never stops the others. */
export async function importCamerasCsv(deps: CsvImportDeps, actor: Actor, text: string): Promise<CsvImportReport> {
  const records = parseCsv(text);
  const header = (records[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (records.length === 0 || missing.length > 0) {
    throw new VigilError(
      'VIGIL_VALIDATION',
      `The first line must name the columns; missing: ${missing.join(', ') || REQUIRED.join(', ')}`,
      { details: { columns: CSV_COLUMNS } },
    );
  }
  const unknown = header.filter((column) => column !== '' && !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) {
    throw new VigilError('VIGIL_VALIDATION', `Unknown CSV columns: ${unknown.join(', ')}`, {
      details: { columns: CSV_COLUMNS },
    });
  }
  if (records.length - 1 > MAX_CSV_ROWS) {
    throw new VigilError('VIGIL_VALIDATION', `An import takes at most ${MAX_CSV_ROWS} cameras; split the file`);
  }
  const enterprises = deps.org.listEnterprises().filter((e) => inScope(actor.caller.scope, e.orgUnitId));
  const rows: CsvRowResult[] = [];
  const valid: Array<{ row: number; name: string; input: Record<string, unknown> }> = [];
  for (let index = 1; index < records.length; index++) {
    const cells = records[index]!;
    const row = index + 1;
    if (cells.every((cell) => cell.trim() === '')) continue;
    const value = (column: Column): string | undefined => {
      const at = header.indexOf(column);
      const cell = at >= 0 ? cells[at]?.trim() : undefined;
      return cell ? cell : undefined;
    };
    const name = value('name') ?? null;
    try {
      if (cells.length > header.length) throw new VigilError('VIGIL_VALIDATION', 'more fields than columns');
      const enterpriseCell = value('enterprise');
      const enterprise = enterprises.find((e) => e.id === enterpriseCell || e.name === enterpriseCell);
      if (!enterprise)
        throw new VigilError('VIGIL_VALIDATION', `enterprise: no such enterprise "${enterpriseCell ?? ''}"`);
      const stageCell = value('stage') ?? '';
      const stage = STAGE_NAMES[stageCell] ?? stageCell;
      if (!(PRODUCTION_STAGES as readonly string[]).includes(stage)) {
        throw new VigilError('VIGIL_VALIDATION', `stage: "${stageCell}" is not one of ${PRODUCTION_STAGES.join(', ')}`);
      }
      const retention = value('retention_days');
      const input = {
        enterpriseId: enterprise.id,
        name,
        stage,
        nameEn: value('name_en') ?? null,
        sourceKind: value('source_kind')?.toLowerCase() ?? 'rtsp',
        mainUrl: value('main_url') ?? null,
        subUrl: value('sub_url') ?? null,
        username: value('username') ?? null,
        password: value('password') ?? null,
        rtspTransport: value('transport')?.toLowerCase() ?? 'tcp',
        recordMode: value('record_mode')?.toLowerCase() ?? 'continuous',
        ...(retention !== undefined ? { retentionDays: Number(retention) } : {}),
      };
      deps.admin.validate(actor.caller, input);
      valid.push({ row, name: name ?? '', input });
    } catch (error) {
      rows.push({ row, ok: false, cameraId: null, name, error: describe(error) });
    }
  }
  for (const { row, name, input } of valid) {
    try {
      const camera = await deps.admin.create(actor, input);
      rows.push({ row, ok: true, cameraId: camera.id, name, error: null });
    } catch (error) {
      rows.push({ row, ok: false, cameraId: null, name, error: describe(error) });
    }
  }
  rows.sort((a, b) => a.row - b.row);
  const created = rows.filter((row) => row.ok).length;
  return { created, failed: rows.length - created, rows };
}
