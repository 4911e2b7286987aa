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
    this.moveAccounts(id, orgUnitId);
  }

  /** Whether the agency lets the enterprise's own accounts read its recorded footage (its supervision profile). */
  recordingsOpenTo(enterpriseId: string): boolean {
    const row = this.sql('SELECT recordings_open FROM enterprise_profiles WHERE enterprise_id = ?').get(
      enterpriseId,
    ) as { recordings_open: number } | undefined;
    return row?.recordings_open === 1;
  }

  /** An enterprise's own accounts belong to the branch that supervises it, and move with it. */
  private moveAccounts(enterpriseId: string, orgUnitId: string): void {
    this.sql('UPDATE users SET org_unit_id = ? WHERE enterprise_id = ?').run(orgUnitId, enterpriseId);
  }

  updateUnit(id: string, patch: Partial<Pick<OrgUnit, 'name' | 'nameEn'>>): OrgUnit {
    const unit = this.getUnit(id);
    if (!unit) throw new VigilError('VIGIL_NOT_FOUND', 'No such org unit');
    const next = { ...unit, ...patch };
    this.sql('UPDATE org_units SET name = ?, name_en = ? WHERE id = ?').run(next.name, next.nameEn, id);
    return this.getUnit(id) as OrgUnit;
  }

  /** Deletes a branch that holds neither enterprises nor users; the center stays. */
  deleteUnit(id: string): void {
    const unit = this.getUnit(id);
    if (!unit) throw new VigilError('VIGIL_NOT_FOUND', 'No such org unit');
    if (unit.kind === 'center')
      throw new VigilError('VIGIL_CONFLICT', 'The monitoring center cannot be deleted', {
        details: { reason: 'center_undeletable' },
      });
    const { enterprises, users } = this.unitCounts(id);
    if (enterprises > 0 || users > 0) {
      throw new VigilError(
        'VIGIL_CONFLICT',
        `The branch still holds ${enterprises} enterprise(s) and ${users} user(s): move or delete them first`,
        { details: { reason: 'unit_not_empty', enterprises, users } },
      );
    }
    this.sql('DELETE FROM org_units WHERE id = ?').run(id);
  }

  unitCounts(id: string): { enterprises: number; users: number } {
    const count = (table: 'enterprises' | 'users'): number =>
      (this.sql(`SELECT COUNT(*) AS n FROM ${table} WHERE org_unit_id = ?`).get(id) as { n: number }).n;
    return { enterprises: count('enterprises'), users: count('users') };
  }

  updateEnterprise(id: string, patch: Partial<Omit<Enterprise, 'id'>>): Enterprise {
    const current = this.getEnterprise(id);
    if (!current) throw new VigilError('VIGIL_NOT_FOUND', 'No such enterprise');
    this.refuseMirrored(id);
    const next = { ...current, ...patch };
    this.sql(
      `UPDATE enterprises SET org_unit_id = ?, name = ?, name_en = ?, licence_no = ?, address = ?, contact = ?,
         credit_grade = ? WHERE id = ?`,
    ).run(next.orgUnitId, next.name, next.nameEn, next.licenceNo, next.address, next.contact, next.creditGrade, id);
    this.moveAccounts(id, next.orgUnitId);
    return this.getEnterprise(id) as Enterprise;
  }

  /** Deletes an enterprise without cameras (their recordings would lose their owner). */
  deleteEnterprise(id: string): void {
    if (!this.getEnterprise(id)) throw new VigilError('VIGIL_NOT_FOUND', 'No such enterprise');
    this.refuseMirrored(id);
    const cameras = this.cameraCount(id);
    if (cameras > 0) {
      throw new VigilError('VIGIL_CONFLICT', `The enterprise still has ${cameras} camera(s): delete them first`, {
        details: { reason: 'enterprise_has_cameras', cameras },
      });
    }
    // Evidence cases outlive the enterprise's cameras: they keep it (their table refuses its deletion).
    const cases = (this.sql('SELECT COUNT(*) AS n FROM cases WHERE enterprise_id = ?').get(id) as { n: number }).n;
    if (cases > 0) {
      throw new VigilError('VIGIL_CONFLICT', `The enterprise has ${cases} evidence case(s): it cannot be deleted`, {
        details: { reason: 'enterprise_has_cases', cases },
      });
    }
    this.sql('DELETE FROM enterprises WHERE id = ?').run(id);
  }

  cameraCount(enterpriseId: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM cameras WHERE enterprise_id = ?').get(enterpriseId) as { n: number }).n;
  }

  /** The enterprise holding this licence number, for the uniqueness check. */
  findEnterpriseByLicence(licenceNo: string): Enterprise | undefined {
    const row = this.sql('SELECT * FROM enterprises WHERE licence_no = ?').get(licenceNo) as EnterpriseRow | undefined;
    return row ? toEnterprise(row) : undefined;
  }

  /** An enterprise mirrored from a branch hub is the branch's: the center shows it but never changes it. */
  private refuseMirrored(enterpriseId: string): void {
    const row = this.sql('SELECT origin FROM enterprises WHERE id = ?').get(enterpriseId) as { origin: string | null };
    if (row.origin !== null) {
      throw new VigilError(
        'VIGIL_CONFLICT',
        `This enterprise belongs to branch hub ${row.origin}: change it on that hub`,
        { details: { reason: 'mirrored', origin: row.origin } },
      );
    }
  }

  isEmpty(): boolean {
    return !this.sql('SELECT 1 FROM org_units LIMIT 1').get();
  }
}
