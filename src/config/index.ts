// Configuration: schema, loading with environment overrides, frozen result.
export * from './schema.js';
export * from './load.js';
export * from './federation-schema.js';
export * from './media-schema.js';
export * from './score-schema.js';
export * from './image-health-schema.js';
