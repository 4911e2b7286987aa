// Realtime: socket.io with rooms per org unit; domain code never emits on it directly.
export * from './socket-server.js';
