/**
 * The demo workspace: a deterministic, streamed agency with three regulated and unregulated
 * clients on every platform. Pure (no I/O): the desktop core ingests it (replica/seedDemo.ts),
 * the benchmark and tests use it as realistic data.
 */
export { generateDemo, type DemoBatch, type DemoOptions } from './generate';
export { demoWarmUpSteps } from './warmUp';
export { channels, clients, CONSUMER, PHARMA, POLITICS, savedReplies, users, workspace } from './workspace';
