// Types of the parts of node-media-server 4.x the push gateway embeds (the package ships JavaScript only).
declare module 'node-media-server/src/session/rtmp_session.js' {
  import type { Socket } from 'node:net';

  class RtmpSession {
    constructor(socket: Socket);
    readonly id: string;
    readonly socket: Socket;
    /** "address:port" of the peer. */
    readonly ip: string;
    streamApp: string;
    streamName: string;
    streamPath: string;
    streamQuery: Record<string, string | string[] | undefined>;
    isPublisher: boolean;
    videoCodec: number;
    videoWidth: number;
    videoHeight: number;
    rtmp: { onPacketCallback: (packet: unknown) => void };
    run(): void;
    onData(data: Buffer): void;
    close(): void;
  }
  export default RtmpSession;
}

declare module 'node-media-server/src/core/context.js' {
  import type { EventEmitter } from 'node:events';

  const Context: { eventEmitter: EventEmitter; config: Record<string, unknown> };
  export default Context;
}

declare module 'node-media-server/src/core/logger.js' {
  const logger: { level: string; log(message: string, level?: string): void };
  export default logger;
}
