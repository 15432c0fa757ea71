/**
 * Help → Lessons as a registered action (the in-app and native menus dispatch it by name):
 * shows the panel at the current lesson, opening its document unless it is open already.
 */
import { tKey } from '../common/i18n';
import { register } from '../actions/registry';
import { documentIsOpen, openLesson, useLessons } from './store';

export function registerLessonActions() {
  register({
    name: 'help.lessons',
    label: tKey('lessons.menu.lessons'),
    perform: async (ctx) => {
      const s = useLessons.getState();
      if (s.open && documentIsOpen(s)) return;
      await openLesson(ctx.host);
    },
  });
}
