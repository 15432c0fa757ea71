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
    name: 'training.next',
    label: 'Next',
    perform: (ctx) => next(ctx.host),
  });
  register({
    name: 'training.pace',
    label: 'Speed',
    // `arg`: updates per second, `0` for one at a time, `Infinity` for full speed.
    perform: (ctx, arg) => {
      const pace = Number(arg);
      if (arg !== undefined && pace >= 0) return setPace(ctx.host, pace);
    },
  });
  register({
    name: 'training.fullSpeed',
    label: 'Full speed',
    perform: (ctx) => fullSpeed(ctx.host),
  });
  register({
    name: 'training.resetWeights',
    label: 'Reset weights',
    enabled: canReset,
    perform: (ctx) => resetWeights(ctx.host),
  });
}
