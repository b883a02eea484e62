export * from './lib/auth';
export * from './lib/errors';
export * from './lib/health';
export * from './lib/paging';
export * from './lib/roles';
export * from './lib/rpc';
export * from './lib/services';
