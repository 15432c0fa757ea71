/**
 * The lessons' state: whether the panel is open, the current lesson, which
 * tasks are done (a task stays done once its check held), and whether the
 * first-start offer was answered — all kept in localStorage across starts.
 * While the current lesson's own document is open, every change of the
 * document, the training state, step mode or the probe re-runs its checks
 * (a few times a second at most).
 */
import { create } from 'zustand';
import type { Host } from '../../shared/host';
import { openExample, settleUnsaved } from '../files/open-save';
import { parseModelText } from '../common/model';
import { toModelFile, useDocument } from '../store/document';
import { showProblems } from '../store/ui';
import { closeStepMode, useStepMode } from '../store/step-mode';
import { useProbeCanvas } from '../store/probe-canvas';
import { useTraining } from '../store/training';
import { language } from '#src/i18n';
import { t } from '../common/i18n';
import { runCheck, type LessonWorld } from './checks';
import { lessonModelText, loadLessons, type Lesson } from './content';

const KEY = 'bp.lessons.v1';

export interface Progress {
  open: boolean;
  /** The lesson shown (its id); null before the first. */
  current: string | null;
  /** Per lesson id, the indexes of its tasks done. */
  done: Record<string, number[]>;
  /** The first-start offer was answered (started or "Not now"). */
  offered: boolean;
}

export interface LessonsState extends Progress {
  /** The document load (useDocument's loadCount) that opened the current lesson's document. */
  documentLoad: number | null;
}

const EMPTY: Progress = { open: false, current: null, done: {}, offered: false };

/** The saved progress, each field checked: anything malformed takes its default. */
export function readProgress(text: string | null): Progress {
  let saved: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      saved = parsed as Record<string, unknown>;
    }
  } catch {
    // A damaged entry is forgotten: starting the lessons again loses nothing else.
  }
  const done: Record<string, number[]> = {};
  if (saved.done && typeof saved.done === 'object') {
    for (const [id, list] of Object.entries(saved.done as Record<string, unknown>)) {
      if (Array.isArray(list)) done[id] = list.filter((n): n is number => Number.isInteger(n));
    }
  }
  return {
    open: saved.open === true,
    current: typeof saved.current === 'string' ? saved.current : null,
    done,
    offered: saved.offered === true,
  };
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const useLessons = create<LessonsState>()(() => ({
  ...(() => {
    try {
      return readProgress(storage()?.getItem(KEY) ?? null);
    } catch {
      return EMPTY;
    }
  })(),
  documentLoad: null,
}));

useLessons.subscribe((s) => {
  const progress: Progress = {
    open: s.open,
    current: s.current,
    done: s.done,
    offered: s.offered,
  };
  try {
    storage()?.setItem(KEY, JSON.stringify(progress));
  } catch {
    // Private windows may refuse storage: progress still holds for this session.
  }
});

let cached: { language: string; lessons: Lesson[] } | null = null;

/** The lessons in the window's language (parsed once per language). */
export function lessons(): Lesson[] {
  const lng = language();
  if (cached?.language === lng) return cached.lessons;
  cached = { language: lng, lessons: loadLessons(lng) };
  return cached.lessons;
}

export function currentLesson(s: LessonsState = useLessons.getState()): Lesson | undefined {
  const all = lessons();
  return all.find((l) => l.id === s.current) ?? all[0];
}

export const isDone = (s: LessonsState, lesson: string, task: number) =>
  s.done[lesson]?.includes(task) ?? false;

/** The lesson's own document is the one open (so its checks run). */
export function documentIsOpen(s: LessonsState = useLessons.getState()): boolean {
  return s.documentLoad !== null && s.documentLoad === useDocument.getState().loadCount;
}

/**
 * Opens `lesson`'s prepared document through the normal flow (unsaved changes are asked
 * about first). True when it opened; false when the user kept the current document.
 */
async function openDocumentOf(host: Host, lesson: Lesson): Promise<boolean> {
  const before = useDocument.getState().loadCount;
  if ('example' in lesson.document) {
    await openExample(host, lesson.document.example);
  } else {
    const text = lessonModelText(lesson.document.model) ?? '';
    const parsed = parseModelText(text);
    if (!parsed.ok) {
      showProblems(
        t('lessons.problems.modelUnreadable', { name: lesson.document.model }),
        parsed.problems,
      );
      return false;
    }
    if (!(await settleUnsaved(host))) return false;
    // Named by the lesson's title, in the window's language.
    useDocument.getState().load(parsed.model, { name: lesson.title });
  }
  const after = useDocument.getState().loadCount;
  if (after === before) return false;
  // Each lesson starts on a clean view: its tasks say when to open step mode.
  closeStepMode();
  useLessons.setState({ current: lesson.id, documentLoad: after });
  evaluate();
  return true;
}

/** Shows the panel at `id` (or the current lesson) and opens that lesson's document. */
export async function openLesson(host: Host, id?: string): Promise<boolean> {
  const lesson = id ? lessons().find((l) => l.id === id) : currentLesson();
  if (!lesson) return false;
  if (!useLessons.getState().open) {
    useLessons.setState({ open: true, offered: true });
    // Let the panel take its place first, so the lesson's document is framed in the canvas's
    // final width.
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return openDocumentOf(host, lesson);
}

/** Back / Next: the lesson `delta` places away, if there is one. */
export function stepLesson(host: Host, delta: number): Promise<boolean> {
  const all = lessons();
  const i = all.findIndex((l) => l.id === currentLesson()?.id);
  const next = all[i + delta];
  return next ? openLesson(host, next.id) : Promise.resolve(false);
}

export function closeLessons() {
  useLessons.setState({ open: false });
}

export function dismissOffer() {
  useLessons.setState({ offered: true });
}

/** Forgets the current lesson's done marks. */
export function restartLesson() {
  const lesson = currentLesson();
  if (!lesson) return;
  const done = { ...useLessons.getState().done };
  delete done[lesson.id];
  useLessons.setState({ done });
}

/** The state the checks look at, taken now. */
export function takeWorld(): LessonWorld {
  const step = useStepMode.getState();
  const probe = useProbeCanvas.getState();
  const training = useTraining.getState();
  return {
    model: toModelFile(null),
    tab: training.tab,
    training: training.state,
    step: {
      open: step.open,
      key: step.open && step.status === 'ready' ? (step.steps[step.index]?.key ?? null) : null,
      gradientsChecked: step.open && step.check?.status === 'done',
    },
    probe: { shown: probe.shown, values: probe.raw },
  };
}

/** Runs the current lesson's checks; a task whose check holds is marked done for good. */
export function evaluate() {
  const s = useLessons.getState();
  const lesson = currentLesson(s);
  if (!s.open || !lesson || !documentIsOpen(s)) return;
  const open = lesson.tasks
    .map((task, i) => ({ task, i }))
    .filter(({ task, i }) => !task.problems.length && !isDone(s, lesson.id, i));
  if (!open.length) return;
  const world = takeWorld();
  const newly = open.filter(({ task }) => runCheck(task.check, task.params, world)).map((o) => o.i);
  if (!newly.length) return;
  const before = s.done[lesson.id] ?? [];
  useLessons.setState({
    done: { ...s.done, [lesson.id]: [...before, ...newly].sort((a, b) => a - b) },
  });
}

/** Re-runs the checks when anything they look at changes, at most every `EVALUATE_MS`. */
export const EVALUATE_MS = 150;
let timer: ReturnType<typeof setTimeout> | null = null;
function later() {
  timer ??= setTimeout(() => {
    timer = null;
    evaluate();
  }, EVALUATE_MS);
}

/** Starts watching the stores; returns the stop. */
export function watchLessons(): () => void {
  const stops = [
    useDocument.subscribe(later),
    useTraining.subscribe(later),
    useStepMode.subscribe(later),
    useProbeCanvas.subscribe(later),
    useLessons.subscribe((s, prev) => {
      if (s.open !== prev.open || s.current !== prev.current) later();
    }),
  ];
  return () => {
    stops.forEach((stop) => stop());
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
