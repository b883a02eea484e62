export * from './page-state';
