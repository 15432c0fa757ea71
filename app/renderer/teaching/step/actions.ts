/**
 * Step mode's commands as registered actions: the toolbar button, menus and
 * keys dispatch them by name like every other command.
 */
import { register } from '../../actions/registry';
import { tKey } from '../../common/i18n';
import {
  checkGradients,
  nextStep,
  previousStep,
  toggleStepMode,
  useStepMode,
} from '../../store/step-mode';

const isOpen = () => useStepMode.getState().open;

export function registerStepActions() {
  register({
    name: 'teaching.stepThrough',
    label: tKey('steps.actions.stepThrough'),
    perform: () => toggleStepMode(),
  });
  register({
    name: 'teaching.checkGradients',
    label: tKey('steps.actions.checkGradients'),
    perform: () => checkGradients(),
  });
  register({
    name: 'teaching.nextStep',
    label: tKey('steps.actions.nextStep'),
    enabled: isOpen,
    perform: () => nextStep(),
  });
  register({
    name: 'teaching.previousStep',
    label: tKey('steps.actions.previousStep'),
    enabled: isOpen,
    perform: () => previousStep(),
  });
}
