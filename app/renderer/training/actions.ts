/**
 * Training commands as registered actions, so the toolbar buttons, the keyboard
 * (Ctrl+Enter trains) and menus dispatch them by name like every other command.
 */
import {
  canPause,
  canReset,
  canResume,
  canStep,
  canStop,
  canTrain,
  fullSpeed,
  next,
  pause,
  resetWeights,
  resume,
  setPace,
  step,
  stop,
  train,
} from './controller';
import { tKey } from '../common/i18n';
import { type HostCommand, register, registerHostCommands } from '../actions/registry';

/** The commands that hand the host to the controller and nothing else. */
const HOST_COMMANDS: HostCommand[] = [
  {
    name: 'training.train',
    label: tKey('editor.action.train'),
    keys: ['Mod+Enter'],
    enabled: canTrain,
    run: train,
  },
  { name: 'training.pause', label: tKey('editor.action.pause'), enabled: canPause, run: pause },
  { name: 'training.resume', label: tKey('editor.action.resume'), enabled: canResume, run: resume },
  { name: 'training.stop', label: tKey('editor.action.stop'), enabled: canStop, run: stop },
  { name: 'training.step', label: tKey('editor.action.step'), enabled: canStep, run: step },
  { name: 'training.next', label: tKey('editor.action.next'), run: next },
  { name: 'training.fullSpeed', label: tKey('editor.action.fullSpeed'), run: fullSpeed },
  {
    name: 'training.resetWeights',
    label: tKey('editor.action.resetWeights'),
    enabled: canReset,
    run: resetWeights,
  },
];

export function registerTrainingActions() {
  registerHostCommands(HOST_COMMANDS);
  register({
    name: 'training.pace',
    label: tKey('editor.action.speed'),
    // `arg`: updates per second, `0` for one at a time, `Infinity` for full speed.
    perform: (ctx, arg) => {
      const pace = Number(arg);
      if (arg !== undefined && pace >= 0) return setPace(ctx.host, pace);
    },
  });
}
