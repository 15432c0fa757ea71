/**
 * Showing and hiding the window's optional parts: the details panel, the
 * training panel under the canvas and the minimap. Each choice is remembered
 * (store/ui.ts `layout`).
 */
import { toggleDetails } from '../panels/Details';
import { minimapShown, useUi } from '../store/ui';
import { register } from './registry';

export function registerLayoutActions() {
  register({
    name: 'view.details',
    label: 'Toggle Details Panel',
    keys: ['Mod+Alt+I'],
    perform: toggleDetails,
  });
  register({
    name: 'view.trainingPanel',
    label: 'Toggle Training Panel',
    keys: ['Mod+J'],
    perform: () => {
      const { layout, setLayout } = useUi.getState();
      setLayout({ bottomOpen: !layout.bottomOpen });
    },
  });
  register({
    name: 'view.minimap',
    label: 'Toggle Minimap',
    keys: ['Mod+Alt+M'],
    perform: () => {
      const { layout, setLayout } = useUi.getState();
      setLayout({ minimap: !minimapShown(layout, window.innerWidth) });
    },
  });
}
