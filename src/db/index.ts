// Database: the SQLite connection and its migrations.
export * from './connection.js';
export * from './migrations.js';
export * from './data-dir.js';
export * from './statements.js';
