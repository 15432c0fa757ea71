// @vitest-environment jsdom
/**
 * The lessons' progress: kept in localStorage and read back defensively; a task is marked done
 * when its check holds while the lesson's own document is open, and stays done afterwards.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import { useDocument } from '../store/document';
import { useTraining } from '../store/training';
import { evaluate, readProgress, restartLesson, useLessons } from './store';

const LESSON = '01-one-neuron';

function openLessonDocument() {
  useDocument.getState().load(exampleById('neuron')!.model(), { name: 'n' });
  useLessons.setState({
    open: true,
    current: LESSON,
    done: {},
    documentLoad: useDocument.getState().loadCount,
  });
}

describe('lesson progress', () => {
  beforeEach(() => {
    localStorage.clear();
    useTraining.setState({ tab: 'loss', state: null });
    openLessonDocument();
  });

  it('marks a task done when its check holds, and keeps it done', () => {
    evaluate();
    expect(useLessons.getState().done[LESSON] ?? []).toEqual([]);
    useTraining.setState({ tab: 'weights' });
    evaluate();
    expect(useLessons.getState().done[LESSON]).toEqual([0]);
    useTraining.setState({ tab: 'loss' });
    evaluate();
    expect(useLessons.getState().done[LESSON]).toEqual([0]);
  });

  it('checks nothing while another document is open, or the panel is closed', () => {
    useDocument.getState().load(exampleById('xor')!.model(), { name: 'x' });
    useTraining.setState({ tab: 'weights' });
    evaluate();
    expect(useLessons.getState().done[LESSON]).toBeUndefined();
    openLessonDocument();
    useLessons.setState({ open: false });
    evaluate();
    expect(useLessons.getState().done[LESSON]).toBeUndefined();
  });

  it('keeps progress in localStorage, and Start over forgets one lesson', () => {
    useTraining.setState({ tab: 'weights' });
    evaluate();
    const saved = readProgress(localStorage.getItem('bp.lessons.v1'));
    expect(saved).toEqual({ open: true, current: LESSON, done: { [LESSON]: [0] }, offered: false });
    restartLesson();
    expect(readProgress(localStorage.getItem('bp.lessons.v1')).done).toEqual({});
  });

  it('reads damaged or foreign progress as a fresh start, field by field', () => {
    expect(readProgress('not json')).toEqual({
      open: false,
      current: null,
      done: {},
      offered: false,
    });
    expect(readProgress('[1]').done).toEqual({});
    expect(
      readProgress('{"open":"yes","current":3,"done":{"a":[0,"x",2],"b":5},"offered":true}'),
    ).toEqual({ open: false, current: null, done: { a: [0, 2] }, offered: true });
  });
});
