// The enterprises of the user's org tree, for the notices forms' selects (the session already holds the tree).
import { useSession } from '../shell/session.js';

/** Every enterprise of the user's org tree, for the forms' selects: id and name. */
export function enterprisesInTree(): Array<{ id: string; name: string }> {
  const session = useSession();
  const roots = session.model?.roots ?? [];
  const walk = (nodes: typeof roots): Array<{ id: string; name: string }> =>
    nodes.flatMap((node) => [...node.unit.enterprises.map(({ id, name }) => ({ id, name })), ...walk(node.children)]);
  return walk(roots);
}
