// The org tree as rows for the virtual tree: center → branches → enterprises → cameras, and the search that filters it.
import type { CameraSummary, OrgTreeEnterprise, OrgTreeUnit } from '../../../src/contracts/index.js';
import { localName } from '../shared/i18n.js';
import type { OrgModel, UnitNode } from './model.js';

interface RowBase {
  /** The row's key in the tree: the kind and the id, since units, enterprises and cameras may share ids. */
  key: string;
  children?: TreeRow[];
}

export interface UnitRow extends RowBase {
  kind: 'unit';
  unit: OrgTreeUnit;
  cameraIds: string[];
}

export interface EnterpriseRow extends RowBase {
  kind: 'enterprise';
  enterprise: OrgTreeEnterprise;
  cameraIds: string[];
}

export interface CameraRow extends RowBase {
  kind: 'camera';
  camera: CameraSummary;
}

export type TreeRow = UnitRow | EnterpriseRow | CameraRow;

/** The rows of the whole tree, built once per model (statuses change in place, the rows stay). */
export function treeRows(model: OrgModel): TreeRow[] {
  const unitRow = (node: UnitNode): UnitRow => ({
    key: `unit:${node.unit.id}`,
    kind: 'unit',
    unit: node.unit,
    cameraIds: model.camerasUnder(node).map((camera) => camera.id),
    children: [...node.children.map(unitRow), ...node.unit.enterprises.map(enterpriseRow)],
  });
  return model.roots.map(unitRow);
}

function enterpriseRow(enterprise: OrgTreeEnterprise): EnterpriseRow {
  return {
    key: `enterprise:${enterprise.id}`,
    kind: 'enterprise',
    enterprise,
    cameraIds: enterprise.cameras.map((camera) => camera.id),
    children: enterprise.cameras.map((camera) => ({ key: `camera:${camera.id}`, kind: 'camera', camera })),
  };
}

/** Every row that has children: the tree opens them all at first. */
export function branchKeys(rows: TreeRow[]): string[] {
  return rows.flatMap((row) => (row.children?.length ? [row.key, ...branchKeys(row.children)] : []));
}

/** The name a row shows, in the console's language. */
export function rowName(row: TreeRow): string {
  return localName(row.kind === 'unit' ? row.unit : row.kind === 'enterprise' ? row.enterprise : row.camera);
}

/** The search as the tree matches it: trimmed, case-insensitive. */
export const searchOf = (text: string): string => text.trim().toLocaleLowerCase();

/**
 * A row is found when its name or the name of a unit or enterprise above it holds the search: a camera by its name or
 * its enterprise's, and a matching enterprise or unit shows everything under it.
 */
export function rowFound(search: string, row: TreeRow, above: Iterable<TreeRow>): boolean {
  if (!search) return true;
  if (rowName(row).toLocaleLowerCase().includes(search)) return true;
  for (const parent of above) if (rowName(parent).toLocaleLowerCase().includes(search)) return true;
  return false;
}

/** The keys of the rows the tree shows, top to bottom: those found by the search, inside open rows only. */
export function shownKeys(rows: TreeRow[], search: string, isOpen: (key: string) => boolean): string[] {
  const keys: string[] = [];
  const anyFound = (row: TreeRow, path: TreeRow[]): boolean =>
    rowFound(search, row, path) || (row.children ?? []).some((child) => anyFound(child, [...path, row]));
  const visit = (list: TreeRow[], path: TreeRow[]): void => {
    for (const row of list) {
      if (search && !anyFound(row, path)) continue;
      keys.push(row.key);
      if (row.children && isOpen(row.key)) visit(row.children, [...path, row]);
    }
  };
  visit(rows, []);
  return keys;
}
