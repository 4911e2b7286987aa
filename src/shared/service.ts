// Service lifecycle: every module that holds resources starts and stops through this shape.

export interface Service {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/** Starts services in order; on failure stops the ones already started, in reverse, and rethrows. */
export async function startAll(services: readonly Service[], onStarted?: (name: string) => void): Promise<Service[]> {
  const started: Service[] = [];
  try {
    for (const service of services) {
      await service.start();
      started.push(service);
      onStarted?.(service.name);
    }
  } catch (error) {
    await stopAll(started);
    throw error;
  }
  return started;
}

/** Stops services in reverse order; a failing stop does not keep the others from stopping. */
export async function stopAll(
  services: readonly Service[],
  onError?: (name: string, error: unknown) => void,
): Promise<void> {
  for (const service of [...services].reverse()) {
    try {
      await service.stop();
    } catch (error) {
      onError?.(service.name, error);
    }
  }
}
