// Federation of branch hubs under a center hub over NATS.
export { Federation, centerEventOf, type FederationDeps } from './federation.js';
export { CatalogMirror, mirroredId, splitMirroredId } from './catalog-mirror.js';
export { buildCatalog, catalogKey } from './catalog.js';
export { branchConf, branchPermissions, centerConf, subjects, HUB_USER, ACCOUNT } from './nats-conf.js';
export { NatsServerProcess } from './nats-server.js';
