// Organisation: org units, enterprises, cameras, users and the demo province.
export * from './org-store.js';
export * from './camera-store.js';
export * from './user-store.js';
export * from './passwords.js';
export * from './demo-province.js';
export * from './first-start.js';
export * from './session-store.js';
export * from './scope.js';
export * from './caller.js';
export * from './login-throttle.js';
export * from './admin-reach.js';
export * from './camera-guard.js';
export * from './demo-accounts.js';
