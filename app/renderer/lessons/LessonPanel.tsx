/**
 * The lessons' side panel (Help → Lessons), docked at the right of the
 * window so the canvas keeps its middle: the lesson's explanation, its tasks
 * with a mark each (set by the app as the user does them), Back / Next, and a
 * list to jump to any lesson. The first-start offer (`LessonOffer`) is a small
 * card at the foot of the palette's column that takes no focus.
 */
import { useEffect, useMemo } from 'react';
import type { Host } from '../../shared/host';
import { useDocument } from '../store/document';
import { useTranslation } from '../common/i18n';
import { renderInline, renderMarkdown } from './markdown';
import { CloseButton } from '../common/CloseButton';
import { LineIcon } from '../common/icons';
import {
  closeLessons,
  currentLesson,
  dismissOffer,
  isDone,
  lessons,
  openLesson,
  restartLesson,
  stepLesson,
  useLessons,
  watchLessons,
} from './store';

function Mark({ done }: { done: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      className="bp-lessons__mark"
      role="img"
      aria-label={done ? t('lessons.panel.done') : t('lessons.panel.todo')}
    >
      {/* eslint-disable-next-line i18next/no-literal-string -- a check mark, not a word */}
      {done ? '✓' : ''}
    </span>
  );
}

export function LessonPanel({ host }: { host: Host }) {
  // Re-renders on a language switch; lessons() then reads that language's files (parsed once).
  const { t } = useTranslation();
  const state = useLessons();
  // Re-render when another document loads (the note that the lesson's document is closed).
  const loadCount = useDocument((s) => s.loadCount);
  useEffect(() => watchLessons(), []);

  const all = lessons();
  const lesson = currentLesson(state);
  const body = useMemo(() => (lesson ? renderMarkdown(lesson.body) : ''), [lesson]);
  if (!state.open || !lesson) return null;

  const index = all.findIndex((l) => l.id === lesson.id);
  const docOpen = state.documentLoad !== null && state.documentLoad === loadCount;
  const doneCount = lesson.tasks.filter((_, i) => isDone(state, lesson.id, i)).length;
  const complete = (id: string) => {
    const l = all.find((x) => x.id === id);
    return !!l && l.tasks.every((_, i) => isDone(state, id, i));
  };
  const finished = doneCount === lesson.tasks.length;

  return (
    <aside className="bp-lessons" aria-label={t('lessons.panel.label')}>
      <header className="bp-lessons__head">
        <select
          className="bp-lessons__pick"
          aria-label={t('lessons.panel.choose')}
          value={lesson.id}
          onChange={(e) => void openLesson(host, e.target.value)}
        >
          {all.map((l, i) => (
            <option key={l.id} value={l.id}>
              {t(complete(l.id) ? 'lessons.panel.optionDone' : 'lessons.panel.option', {
                n: i + 1,
                title: l.title,
              })}
            </option>
          ))}
        </select>
        <CloseButton
          label={t('lessons.panel.close')}
          title={t('lessons.panel.close')}
          onClick={closeLessons}
        >
          <LineIcon size={14} weight={2.2}>
            <path d="M5 5l14 14M19 5 5 19" />
          </LineIcon>
        </CloseButton>
      </header>
      <div className="bp-lessons__scroll">
        <p className="bp-lessons__count">
          {t('lessons.panel.count', { n: index + 1, total: all.length })}
        </p>
        <h2 className="bp-lessons__title">{lesson.title}</h2>
        {lesson.problems.length > 0 && (
          <div className="bp-lessons__problems" role="alert">
            <p>{t('lessons.panel.problems')}</p>
            <ul>
              {lesson.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="bp-lessons__body" dangerouslySetInnerHTML={{ __html: body }} />
      </div>
      <section className="bp-lessons__tasks" aria-labelledby="bp-lessons-tasks">
        <h3 id="bp-lessons-tasks">
          {t('lessons.panel.tasks', { done: doneCount, total: lesson.tasks.length })}
        </h3>
        {!docOpen && (
          <div className="bp-lessons__reopen">
            <p>{t('lessons.panel.notOpen')}</p>
            <button
              type="button"
              className="bp-button is-primary"
              onClick={() => void openLesson(host, lesson.id)}
            >
              {t('lessons.panel.reopen')}
            </button>
          </div>
        )}
        <ol className="bp-lessons__list">
          {lesson.tasks.map((task, i) => {
            const done = isDone(state, lesson.id, i);
            return (
              <li
                key={i}
                className={done ? 'is-done' : undefined}
                data-done={done}
                data-check={task.check}
              >
                <Mark done={done} />
                <span dangerouslySetInnerHTML={{ __html: renderInline(task.text) }} />
              </li>
            );
          })}
        </ol>
        {finished && (
          <p className="bp-lessons__finished" role="status">
            {index < all.length - 1 ? t('lessons.panel.allDone') : t('lessons.panel.trackDone')}
          </p>
        )}
      </section>
      <footer className="bp-lessons__foot">
        <button
          type="button"
          className="bp-button"
          disabled={index <= 0}
          onClick={() => void stepLesson(host, -1)}
        >
          {t('lessons.panel.back')}
        </button>
        {doneCount > 0 && (
          <button type="button" className="bp-lessons__again" onClick={restartLesson}>
            {t('lessons.panel.again')}
          </button>
        )}
        <span className="bp-spacer" />
        <button
          type="button"
          className={finished ? 'bp-button is-primary' : 'bp-button'}
          disabled={index >= all.length - 1}
          onClick={() => void stepLesson(host, 1)}
        >
          {t('lessons.panel.next')}
        </button>
      </footer>
    </aside>
  );
}

/**
 * The first start's offer, until answered: a small card at the foot of the palette's column,
 * where it covers neither the canvas nor a control, and takes no focus.
 */
export function LessonOffer({ host }: { host: Host }) {
  const { t } = useTranslation();
  const show = useLessons((s) => !s.offered && !s.open && Object.keys(s.done).length === 0);
  if (!show) return null;
  return (
    <section className="bp-lesson-offer" aria-label={t('lessons.offer.label')}>
      <span className="bp-lesson-offer__text">{t('lessons.offer.text')}</span>
      <button
        type="button"
        className="bp-button is-primary"
        title={t('lessons.offer.detail')}
        onClick={() => void openLesson(host)}
      >
        {t('lessons.offer.start')}
      </button>
      <button type="button" className="bp-lesson-offer__later" onClick={dismissOffer}>
        {t('lessons.offer.dismiss')}
      </button>
    </section>
  );
}
