export * from './calls';
export * from './client';
export * from './errors';
export * from './events';
export * from './settings';
export * from './actions';
export * from './queue';
export * from './sync';
