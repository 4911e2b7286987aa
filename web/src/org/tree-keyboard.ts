// The org tree from the keyboard: arrows, Home and End between rows (from the search box down); Enter puts the row's
// cameras in the grid, → and ← open and close a unit or an enterprise.
import { nextTick } from 'vue';
import type { TreeV2Instance } from 'element-plus';
import type { TreeNode } from 'element-plus/es/components/tree-v2/src/types';
import type { TreeRow } from './tree-rows.js';

export interface TreeKeyboard {
  tree(): TreeV2Instance | undefined;
  /** The element the list draws its rows in. */
  viewport(): HTMLElement | undefined;
  /** The keys of the rows shown, top to bottom. */
  shownKeys(): string[];
  activate(cameraId: string): void;
  showAll(cameraIds: string[]): void;
  /** A unit or an enterprise was opened or closed. */
  toggled(row: TreeRow, open: boolean): void;
}

const STEPS: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };

/** The tree's keydown handler. */
export function treeKeyHandler(keyboard: TreeKeyboard): (event: KeyboardEvent) => void {
  const rowElement = (key: string): HTMLElement | null =>
    keyboard.viewport()?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] .tree-row`) ?? null;

  /** The list draws only the rows in view: scroll the row in, then focus it once it is drawn. */
  const focusRow = async (key: string): Promise<void> => {
    keyboard.tree()?.scrollToNode(key);
    for (let frame = 0; frame < 5; frame += 1) {
      await nextTick();
      const element = rowElement(key);
      if (element) return element.focus();
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  };

  const move = (step: number, from: string | undefined): void => {
    const keys = keyboard.shownKeys();
    if (keys.length === 0) return;
    const at = from === undefined ? -1 : keys.indexOf(from);
    const next = Number.isFinite(step) ? Math.min(keys.length - 1, Math.max(0, at + step)) : step < 0 ? 0 : -1;
    void focusRow(keys.at(next) as string);
  };

  const act = (key: string, pressed: string): boolean => {
    const tree = keyboard.tree();
    const node: TreeNode | undefined = tree?.getNode(key);
    if (!tree || !node) return false;
    const row = node.data as TreeRow;
    if (pressed === 'Enter') {
      if (row.kind === 'camera') keyboard.activate(row.camera.id);
      else if (row.cameraIds.length > 0) keyboard.showAll(row.cameraIds);
      return true;
    }
    if (row.kind === 'camera') return false;
    const open = pressed === 'ArrowRight';
    if (open) tree.expandNode(node);
    else tree.collapseNode(node);
    keyboard.toggled(row, open);
    return true;
  };

  return (event) => {
    if (!(event.target instanceof HTMLElement)) return;
    const inSearch = event.target.tagName === 'INPUT';
    const key = inSearch ? undefined : event.target.closest<HTMLElement>('[data-key]')?.dataset.key;
    const step = STEPS[event.key];
    if (step !== undefined && (!inSearch || event.key === 'ArrowDown')) move(step, key);
    else if (!(key && ['Enter', 'ArrowRight', 'ArrowLeft'].includes(event.key) && act(key, event.key))) return;
    event.preventDefault();
  };
}
