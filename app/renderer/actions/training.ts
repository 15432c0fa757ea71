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
  pause,
  resetWeights,
  resume,
  step,
  stop,
  train,
} from '../training/controller';
import { register } from './registry';

export function registerTrainingActions() {
  register({
    name: 'training.train',
    label: 'Train',
    keys: ['Mod+Enter'],
    enabled: canTrain,
    perform: (ctx) => train(ctx.host),
  });
  register({
    name: 'training.pause',
    label: 'Pause',
    enabled: canPause,
    perform: (ctx) => pause(ctx.host),
  });
  register({
    name: 'training.resume',
    label: 'Resume',
    enabled: canResume,
    perform: (ctx) => resume(ctx.host),
  });
  register({
    name: 'training.stop',
    label: 'Stop',
    enabled: canStop,
    perform: (ctx) => stop(ctx.host),
  });
  register({
    name: 'training.step',
    label: 'Step',
    enabled: canStep,
    perform: (ctx) => step(ctx.host),
  });
  register({
    name: 'training.resetWeights',
    label: 'Reset weights',
    enabled: canReset,
    perform: (ctx) => resetWeights(ctx.host),
  });
}
