/** The Data panel's commands (the Data menu, the Input and Loss nodes' inspector). */
import { register } from '../actions/registry';
import { tKey } from '../common/i18n';
import { afterFileOpened } from '../files/open-save';
import { checkDocumentData, openDataPanel, pickCsv } from './store';

/**
 * The labels are catalogue keys, worded where they are shown (actionLabel).
 */
export function registerDataActions() {
  // After a document opens: a CSV it names that cannot be read opens the panel with Locate….
  afterFileOpened(checkDocumentData);
  register({
    name: 'data.panel',
    label: tKey('datapanel.actions.panel'),
    perform: () => openDataPanel(),
  });
  register({
    name: 'data.builtin',
    label: tKey('datapanel.actions.builtin'),
    perform: () => openDataPanel('builtin'),
  });
  register({
    name: 'data.openCsv',
    label: tKey('datapanel.actions.openCsv'),
    perform: ({ host }) => pickCsv(host),
  });
}
