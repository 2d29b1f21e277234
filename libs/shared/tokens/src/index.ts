export * from './opaque-token';
