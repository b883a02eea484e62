export * from './time-chart';
export * from './time-chart-options';
