import { compileSensitivity } from '../domain/sensitivity';
import { clients } from './workspace';

/**
 * The demo's one-off start-up costs as short steps a caller can run with event-loop turns in
 * between, before the first batch: the clients' sensitivity expressions are large Unicode
 * regular expressions that the engine compiles on their first use and again, to machine code, on
 * a later one (tens of milliseconds each on a slow machine, all inside the first batch
 * otherwise). The engine keeps compiled expressions by source and flags, so the generator's own
 * matchers, made from the same policies, start warm. Running the steps changes no output.
 */
export function demoWarmUpSteps(): (() => void)[] {
  const sample = 'Buongiorno, una domanda sul prodotto: perché?';
  return clients.flatMap((client) => {
    let matcher: ReturnType<typeof compileSensitivity> | null = null;
    const compiled = () => (matcher ??= compileSensitivity(client.sensitivity));
    return [
      () => compiled(),
      () => compiled().test(sample),
      () => compiled().test(`${sample} ${client.name}`),
      () => compiled().test(`${client.name} ${sample}`),
    ];
  });
}
