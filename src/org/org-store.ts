// Org units (center, branches) and enterprises in SQLite.
import type { CreditGrade, Enterprise, OrgUnit, OrgUnitKind } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';

interface OrgUnitRow {
  id: string;
  parent_id: string | null;
  kind: OrgUnitKind;
  name: string;
  name_en: string | null;
}

interface EnterpriseRow {
  id: string;
  org_unit_id: string;
  name: string;
  name_en: string | null;
  licence_no: string | null;
  address: string | null;
  contact: string | null;
  credit_grade: CreditGrade;
}

const toOrgUnit = (row: OrgUnitRow): OrgUnit => ({
  id: row.id,
  parentId: row.parent_id,
  kind: row.kind,
  name: row.name,
  nameEn: row.name_en,
});

const toEnterprise = (row: EnterpriseRow): Enterprise => ({
  id: row.id,
  orgUnitId: row.org_unit_id,
  name: row.name,
  nameEn: row.name_en,
  licenceNo: row.licence_no,
  address: row.address,
  contact: row.contact,
  creditGrade: row.credit_grade,
});

export interface NewOrgUnit {
  id?: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  nameEn?: string | null;
}

export type NewEnterprise = Omit<Enterprise, 'id' | 'nameEn' | 'licenceNo' | 'address' | 'contact'> &
  Partial<Pick<Enterprise, 'id' | 'nameEn' | 'licenceNo' | 'address' | 'contact'>>;

export class OrgStore {
  private readonly sql: Prepare;

  constructor(private readonly db: Db) {
    this.sql = cachedPrepare(db);
  }

  listUnits(): OrgUnit[] {
    const rows = this.sql('SELECT * FROM org_units ORDER BY kind, name').all() as OrgUnitRow[];
    return rows.map(toOrgUnit);
  }

  getUnit(id: string): OrgUnit | undefined {
    const row = this.sql('SELECT * FROM org_units WHERE id = ?').get(id) as OrgUnitRow | undefined;
    return row ? toOrgUnit(row) : undefined;
  }

  createUnit(input: NewOrgUnit): OrgUnit {
    if (input.kind === 'center' && input.parentId !== null) {
      throw new VigilError('VIGIL_VALIDATION', 'The monitoring center has no parent unit');
    }
    if (input.kind === 'branch' && !input.parentId) {
      throw new VigilError('VIGIL_VALIDATION', 'A branch office must belong to the monitoring center');
    }
    const id = input.id ?? newId('org');
    this.sql('INSERT INTO org_units (id, parent_id, kind, name, name_en, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      input.parentId,
      input.kind,
      input.name,
      input.nameEn ?? null,
      Date.now(),
    );
    return this.getUnit(id) as OrgUnit;
  }

  listEnterprises(): Enterprise[] {
    const rows = this.sql('SELECT * FROM enterprises ORDER BY name').all() as EnterpriseRow[];
    return rows.map(toEnterprise);
  }

  getEnterprise(id: string): Enterprise | undefined {
    const row = this.sql('SELECT * FROM enterprises WHERE id = ?').get(id) as EnterpriseRow | undefined;
    return row ? toEnterprise(row) : undefined;
  }

  createEnterprise(input: NewEnterprise): Enterprise {
    const id = input.id ?? newId('ent');
    this.sql(
      `INSERT INTO enterprises (id, org_unit_id, name, name_en, licence_no, address, contact, credit_grade, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.orgUnitId,
      input.name,
      input.nameEn ?? null,
      input.licenceNo ?? null,
      input.address ?? null,
      input.contact ?? null,
      input.creditGrade,
      Date.now(),
    );
    return this.getEnterprise(id) as Enterprise;
  }

  /** Moving an enterprise to another branch moves the scope of its cameras with it (scope is joined, not copied). */
  moveEnterprise(id: string, orgUnitId: string): void {
    const changed = this.sql('UPDATE enterprises SET org_unit_id = ? WHERE id = ?').run(orgUnitId, id).changes;
    if (changed === 0) throw new VigilError('VIGIL_NOT_FOUND', 'No such enterprise');
  }

  isEmpty(): boolean {
    return !this.sql('SELECT 1 FROM org_units LIMIT 1').get();
  }
}
