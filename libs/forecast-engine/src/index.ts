export * from './lib/demand-pattern';
export * from './lib/exponential-smoothing';
export * from './lib/intermittent';
export * from './lib/metrics';
export * from './lib/nelder-mead';
export * from './lib/seasonal-naive';
