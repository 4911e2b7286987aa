// The org tree as the console holds it: units nested by parent, indexes by id, live camera status updates.
import type {
  CameraStatusMessage,
  CameraSummary,
  OrgTree,
  OrgTreeEnterprise,
  OrgTreeUnit,
  StreamHealth,
} from '../../../src/contracts/index.js';

export interface UnitNode {
  unit: OrgTreeUnit;
  children: UnitNode[];
}

type CameraListener = (camera: CameraSummary) => void;

export class OrgModel {
  readonly roots: UnitNode[];
  private readonly cameras = new Map<string, CameraSummary>();
  private readonly enterprises = new Map<string, OrgTreeEnterprise>();
  private readonly nodes = new Map<string, UnitNode>();
  private readonly listeners = new Set<CameraListener>();

  constructor(tree: OrgTree) {
    for (const unit of tree.units) {
      this.nodes.set(unit.id, { unit, children: [] });
      for (const enterprise of unit.enterprises) {
        this.enterprises.set(enterprise.id, enterprise);
        for (const camera of enterprise.cameras) this.cameras.set(camera.id, camera);
      }
    }
    this.roots = [];
    for (const node of this.nodes.values()) {
      const parent = node.unit.parentId ? this.nodes.get(node.unit.parentId) : undefined;
      // A branch user gets its branch without the center: it becomes a root.
      if (parent) parent.children.push(node);
      else this.roots.push(node);
    }
  }

  /** Every enterprise in the caller's tree, for pickers. */
  allEnterprises(): OrgTreeEnterprise[] {
    return [...this.enterprises.values()];
  }

  camera(id: string): CameraSummary | undefined {
    return this.cameras.get(id);
  }

  unit(id: string): OrgTreeUnit | undefined {
    return this.nodes.get(id)?.unit;
  }

  enterprise(id: string): OrgTreeEnterprise | undefined {
    return this.enterprises.get(id);
  }

  /** Every camera in tree order (units depth-first, then enterprises). */
  allCameras(): CameraSummary[] {
    return this.roots.flatMap((root) => this.camerasUnder(root));
  }

  camerasUnder(node: UnitNode): CameraSummary[] {
    return [
      ...node.unit.enterprises.flatMap((enterprise) => enterprise.cameras),
      ...node.children.flatMap((child) => this.camerasUnder(child)),
    ];
  }

  counts(): { online: number; total: number } {
    const all = [...this.cameras.values()];
    return { online: all.filter((camera) => camera.status === 'online').length, total: all.length };
  }

  /** Applies a `camera:status` message; returns false for cameras outside this tree. */
  applyStatus(message: CameraStatusMessage): boolean {
    const camera = this.cameras.get(message.cameraId);
    if (!camera) return false;
    camera.status = message.status;
    camera.statusReason = message.reason;
    camera.statusReasonCode = message.reasonCode ?? null;
    this.emit(camera);
    return true;
  }

  applyHealth(cameraId: string, main: StreamHealth | null, sub: StreamHealth | null): void {
    const camera = this.cameras.get(cameraId);
    if (!camera) return;
    camera.health = { main, sub };
    this.emit(camera);
  }

  /** Merges fresh summaries from `GET /api/cameras` (e.g. live URLs that appeared when a camera came online). */
  merge(fresh: CameraSummary[]): void {
    for (const update of fresh) {
      const camera = this.cameras.get(update.id);
      if (!camera) continue;
      Object.assign(camera, update);
      this.emit(camera);
    }
  }

  onCameraChange(listener: CameraListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(camera: CameraSummary): void {
    for (const listener of this.listeners) listener(camera);
  }
}
