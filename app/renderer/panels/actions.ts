/**
 * Showing and hiding the window's optional parts: the details panel, the
 * training panel under the canvas and the minimap. Each choice is remembered
 * (store/ui.ts `layout`).
 */
import { toggleDetails } from './Details';
import { minimapShown, useUi } from '../store/ui';
import { chooseLanguageByName, tKey } from '../common/i18n';
import { register } from '../actions/registry';

export function registerLayoutActions() {
  register({
    name: 'view.details',
    label: tKey('editor.action.details'),
    keys: ['Mod+Alt+I'],
    perform: toggleDetails,
  });
  register({
    name: 'view.trainingPanel',
    label: tKey('editor.action.trainingPanel'),
    keys: ['Mod+J'],
    perform: () => {
      const { layout, setLayout } = useUi.getState();
      setLayout({ bottomOpen: !layout.bottomOpen });
    },
  });
  register({
    name: 'view.language',
    label: tKey('common.language'),
    // arg: `system`, `en` or `zh-CN` (the native View ▸ Language menu).
    perform: (_ctx, arg) => chooseLanguageByName(arg),
  });
  register({
    name: 'view.minimap',
    label: tKey('editor.action.minimap'),
    keys: ['Mod+Alt+M'],
    perform: () => {
      const { layout, setLayout } = useUi.getState();
      setLayout({ minimap: !minimapShown(layout, window.innerWidth) });
    },
  });
}
