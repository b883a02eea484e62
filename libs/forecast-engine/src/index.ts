export * from './lib/seasonal-naive';
