import { describe, expect, it } from 'vitest';
import { agentFirstName } from './people';

describe('agentFirstName', () => {
  it.each([
    ['Giulia Conti', 'Giulia'],
    ['Dott.ssa Elena Marchetti', 'Elena'],
    ['Avv. Federica Galli', 'Federica'],
    ['dott. Andrea Bassi', 'Andrea'],
    ['  Marco  Rinaldi ', 'Marco'],
    ['Cher', 'Cher'],
  ])('%s → %s', (name, first) => {
    expect(agentFirstName(name)).toBe(first);
  });
});
