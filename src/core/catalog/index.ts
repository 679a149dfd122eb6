export * from './datasets';
export * from './model-files';
