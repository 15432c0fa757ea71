/**
 * Step mode's commands as registered actions: the toolbar button, menus and
 * keys dispatch them by name like every other command.
 */
import { register } from '../../actions/registry';
import { checkGradients, nextStep, previousStep, toggleStepMode, useStepMode } from './store';

const isOpen = () => useStepMode.getState().open;

export function registerStepActions() {
  register({
    name: 'teaching.stepThrough',
    label: 'Step through',
    perform: () => toggleStepMode(),
  });
  register({
    name: 'teaching.checkGradients',
    label: 'Check gradients',
    perform: () => checkGradients(),
  });
  register({
    name: 'teaching.nextStep',
    label: 'Next step',
    enabled: isOpen,
    perform: () => nextStep(),
  });
  register({
    name: 'teaching.previousStep',
    label: 'Previous step',
    enabled: isOpen,
    perform: () => previousStep(),
  });
}
