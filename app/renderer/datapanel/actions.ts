/** The Data panel's commands (the Data menu, the Input and Loss nodes' inspector). */
import { register } from '../actions/registry';
import { openDataPanel, pickCsv } from './store';

export function registerDataActions() {
  register({ name: 'data.panel', label: 'Data…', perform: () => openDataPanel() });
  register({
    name: 'data.builtin',
    label: 'Built-in Data Sets…',
    perform: () => openDataPanel('builtin'),
  });
  register({ name: 'data.openCsv', label: 'Open CSV…', perform: ({ host }) => pickCsv(host) });
}
