// Camera administration calls: cameras, stream test, discovery jobs, ONVIF device reads, CSV import, push settings.
import type {
  AdminCamera,
  AdminCameraList,
  CameraInput,
  CameraPatchInput,
  CsvImportReport,
  DeviceReadInput,
  DeviceReadResult,
  DiscoveryInput,
  DiscoveryJob,
  EnterpriseChoice,
  NetworkInterfaceChoice,
  PushSettings,
  StreamTestInput,
  StreamTestResult,
} from '../../../../src/contracts/index.js';
import { api, request, required } from '../../shared/api.js';

const camera = (id: string): string => `/api/admin/cameras/${encodeURIComponent(id)}`;

export const adminApi = {
  cameras: (): Promise<AdminCameraList> => required(request<AdminCameraList>('/api/admin/cameras'), 'cameras'),
  create: (input: CameraInput): Promise<AdminCamera> =>
    required(request<AdminCamera>('/api/admin/cameras', { method: 'POST', body: input }), 'create camera'),
  update: (id: string, patch: CameraPatchInput): Promise<AdminCamera> =>
    required(request<AdminCamera>(camera(id), { method: 'PATCH', body: patch }), 'update camera'),
  remove: async (id: string): Promise<void> => {
    await request(camera(id), { method: 'DELETE' });
  },
  testStream: (input: StreamTestInput): Promise<StreamTestResult> =>
    required(request<StreamTestResult>('/api/admin/cameras/test-stream', { method: 'POST', body: input }), 'test'),
  importCsv: (text: string): Promise<CsvImportReport> =>
    required(request<CsvImportReport>('/api/admin/cameras/import', { method: 'POST', body: { csv: text } }), 'import'),
  push: (id: string): Promise<PushSettings> => required(request<PushSettings>(`${camera(id)}/push`), 'push'),
  regeneratePushKey: (id: string): Promise<PushSettings> =>
    required(request<PushSettings>(`${camera(id)}/push/regenerate`, { method: 'POST' }), 'push key'),
  interfaces: async (): Promise<NetworkInterfaceChoice[]> =>
    (await required(request<{ interfaces: NetworkInterfaceChoice[] }>('/api/admin/discovery/interfaces'), 'interfaces'))
      .interfaces,
  startDiscovery: (input: DiscoveryInput): Promise<DiscoveryJob> =>
    required(request<DiscoveryJob>('/api/admin/discovery', { method: 'POST', body: input }), 'discovery'),
  discovery: (id: string): Promise<DiscoveryJob> =>
    required(request<DiscoveryJob>(`/api/admin/discovery/${encodeURIComponent(id)}`), 'discovery'),
  readDevice: (input: DeviceReadInput): Promise<DeviceReadResult> =>
    required(request<DeviceReadResult>('/api/admin/onvif/device', { method: 'POST', body: input }), 'device'),
};

/** The enterprises in the admin's scope, for the camera form. */
export async function loadEnterprises(): Promise<EnterpriseChoice[]> {
  const tree = await api.orgTree();
  return tree.units.flatMap((unit) => unit.enterprises.map(({ cameras: _cameras, ...enterprise }) => enterprise));
}
