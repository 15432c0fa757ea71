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
import { register } from '../actions/registry';

export function registerTrainingActions() {
  register({
    name: 'training.train',
    label: tKey('editor.action.train'),
    keys: ['Mod+Enter'],
    enabled: canTrain,
    perform: (ctx) => train(ctx.host),
  });
  register({
    name: 'training.pause',
    label: tKey('editor.action.pause'),
    enabled: canPause,
    perform: (ctx) => pause(ctx.host),
  });
  register({
    name: 'training.resume',
    label: tKey('editor.action.resume'),
    enabled: canResume,
    perform: (ctx) => resume(ctx.host),
  });
  register({
    name: 'training.stop',
    label: tKey('editor.action.stop'),
    enabled: canStop,
    perform: (ctx) => stop(ctx.host),
  });
  register({
    name: 'training.step',
    label: tKey('editor.action.step'),
    enabled: canStep,
    perform: (ctx) => step(ctx.host),
  });
  register({
    name: 'training.next',
    label: tKey('editor.action.next'),
    perform: (ctx) => next(ctx.host),
  });
  register({
    name: 'training.pace',
    label: tKey('editor.action.speed'),
    // `arg`: updates per second, `0` for one at a time, `Infinity` for full speed.
    perform: (ctx, arg) => {
      const pace = Number(arg);
      if (arg !== undefined && pace >= 0) return setPace(ctx.host, pace);
    },
  });
  register({
    name: 'training.fullSpeed',
    label: tKey('editor.action.fullSpeed'),
    perform: (ctx) => fullSpeed(ctx.host),
  });
  register({
    name: 'training.resetWeights',
    label: tKey('editor.action.resetWeights'),
    enabled: canReset,
    perform: (ctx) => resetWeights(ctx.host),
  });
}
