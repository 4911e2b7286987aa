// The choices and limits of a camera's registration, without zod: the hub's schemas and the console's form share them.

export const PRODUCTION_STAGES = [
  'raw_material_intake',
  'processing',
  'staff_entrance',
  'product_testing',
  'packaging',
  'storage',
  'other',
] as const;

export const SOURCE_KINDS = ['rtsp', 'rtmp'] as const;
export const RTSP_TRANSPORTS = ['tcp', 'udp'] as const;
export const RECORD_MODES = ['continuous', 'off'] as const;
/** How a camera stream is ingested: in the hub's process (RTSP over TCP, H.264/H.265) or by one ffmpeg per stream. */
export const INGEST_ENGINES = ['native', 'ffmpeg'] as const;
export type IngestEngine = (typeof INGEST_ENGINES)[number];

/** Longest camera name (either language), stream URL and device credential the hub takes. */
export const CAMERA_LIMITS = { name: 200, url: 2000, credential: 200 } as const;
