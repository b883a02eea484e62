export * from './lib/app-frame';
export * from './lib/empty-state';
export * from './lib/login';
export * from './lib/shell';
