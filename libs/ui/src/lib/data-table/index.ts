export * from './data-table';
export * from './table-column';
