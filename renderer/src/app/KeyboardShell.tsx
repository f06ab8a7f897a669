import { useState } from 'react';
import { viewChanged } from '../features/app/slice';
import { CommandPalette } from '../keyboard/CommandPalette';
import { isMacPlatform, useCommand } from '../keyboard/commands';
import { HelpOverlay } from '../keyboard/HelpOverlay';
import { useAppDispatch } from './hooks';
import { useCanEditPolicies } from '../features/policy/useCanEditPolicies';

type Overlay = 'help' | 'palette' | null;

/** App-wide commands: help overlay, command palette, going to the main screens. */
export function KeyboardShell() {
  const dispatch = useAppDispatch();
  const [overlay, setOverlay] = useState<Overlay>(null);
  const isMac = isMacPlatform(navigator);
  const canEditPolicies = useCanEditPolicies();
  useCommand('app.help', () => setOverlay('help'));
  useCommand('app.palette', () => setOverlay((open) => (open === 'palette' ? null : 'palette')));
  useCommand('go.inbox', () => dispatch(viewChanged('queue')));
  useCommand('go.settings', () => dispatch(viewChanged('settings')));
  useCommand('go.policy', () => dispatch(viewChanged('policy')), canEditPolicies);
  const close = () => setOverlay(null);
  if (overlay === 'help') return <HelpOverlay onClose={close} isMac={isMac} />;
  if (overlay === 'palette') return <CommandPalette onClose={close} isMac={isMac} />;
  return null;
}
