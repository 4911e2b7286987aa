// Settings every benchmark hub runs with: loopback on free ports, no demo cameras, a fixed admin password.

export interface BenchHubSettingsOptions {
  https: boolean;
  logLevel: string;
  /** `ingest.engine`; the hub's default when undefined. */
  engine?: 'native' | 'ffmpeg' | undefined;
}

/** A raw configuration (as a YAML file or `parseConfig` takes it) for a hub keeping its data in `dataDir`. */
export function benchHubSettings(dataDir: string, options: BenchHubSettingsOptions): Record<string, unknown> {
  return {
    dataDir,
    server: { host: '127.0.0.1', port: 0, https: options.https ? { enabled: true, port: 0 } : { enabled: false } },
    demo: { enabled: false },
    admin: { password: 'bench-admin-password' },
    log: { level: options.logLevel },
    ...(options.engine ? { ingest: { engine: options.engine } } : {}),
  };
}
