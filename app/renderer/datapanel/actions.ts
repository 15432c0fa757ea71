/** The Data panel's commands (the Data menu, the Input and Loss nodes' inspector). */
import { register } from '../actions/registry';
import { t } from '../i18n';
import { openDataPanel, pickCsv } from './store';

/**
 * The labels are read when shown, so they are worded in the window's language at that moment
 * (a menu that passes a label through `t()` again gets the same text back).
 */
export function registerDataActions() {
  register({
    name: 'data.panel',
    get label() {
      return t('datapanel.actions.panel');
    },
    perform: () => openDataPanel(),
  });
  register({
    name: 'data.builtin',
    get label() {
      return t('datapanel.actions.builtin');
    },
    perform: () => openDataPanel('builtin'),
  });
  register({
    name: 'data.openCsv',
    get label() {
      return t('datapanel.actions.openCsv');
    },
    perform: ({ host }) => pickCsv(host),
  });
}
