// The hub's client connection to its own nats-server: reconnects forever, says when it is lost and back.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../shared/logger.js';

export interface LocalNats {
  servers: string;
  user: string;
  pass: string;
}

export async function connectLocal(target: LocalNats, name: string, logger: Logger): Promise<NatsConnection> {
  const connection = await connect({
    servers: target.servers,
    user: target.user,
    pass: target.pass,
    name,
    // The server is the hub's own (or the operator's, next to it): keep trying for as long as the hub runs.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
  });
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') logger.info({ status: status.type }, 'nats');
      if (status.type === 'error') logger.warn({ error: String(status.error) }, 'nats error');
    }
  })();
  return connection;
}

export const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export const decode = (data: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(data));
