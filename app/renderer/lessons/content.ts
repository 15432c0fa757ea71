/**
 * The lessons' content: Markdown files per language in the repository's
 * `lessons/` folder (`lessons/en/01-one-neuron.md`, `lessons/zh-CN/…` with the
 * same name), bundled with the renderer. Each file starts with YAML front
 * matter between `---` lines:
 *
 *     title: One neuron
 *     example: neuron            # an example id (src/model/examples.ts), or
 *     model: descent.bpmodel     # a model file in lessons/models/
 *     tasks:
 *       - check: runFinished     # a check id (checks.ts) …
 *         batch: stochastic      # … its parameters beside it …
 *         text: Switch to …      # … and what the panel asks (Markdown)
 *
 * and the explanation follows in Markdown, with `$…$` / `$$…$$` formulas.
 * Lessons are ordered by file name. Problems (a missing title, an unknown
 * check, a wrong parameter) are collected per lesson, naming the file and the
 * task, so the panel and the unit test can say what to fix.
 */
import { parse as parseYaml } from 'yaml';
import { exampleById } from '#src/model/examples';
import { validateTask, type Params } from './checks';
import { t } from '../common/i18n';

export interface LessonTask {
  check: string;
  params: Params;
  /** Markdown, one line. */
  text: string;
  problems: string[];
}

export interface Lesson {
  /** The file name without `.md`: `01-one-neuron`. */
  id: string;
  /** Where it came from: `lessons/en/01-one-neuron.md`. */
  file: string;
  title: string;
  /** The prepared document: an example id, or a file name in lessons/models/. */
  document: { example: string } | { model: string };
  tasks: LessonTask[];
  /** The explanation, Markdown. */
  body: string;
  /** What is wrong with the file itself or one of its tasks. */
  problems: string[];
}

export const MIN_TASKS = 2;
export const MAX_TASKS = 4;

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One lesson file. `models` lists the file names in lessons/models/. */
export function parseLesson(file: string, text: string, models: readonly string[]): Lesson {
  const id = (file.split('/').pop() ?? file).replace(/\.md$/, '');
  const lesson: Lesson = {
    id,
    file,
    title: id,
    document: { example: 'neuron' },
    tasks: [],
    body: '',
    problems: [],
  };
  const problem = (key: string, values: Record<string, unknown> = {}) =>
    lesson.problems.push(t(key, { file, ...values }));

  const match = FRONT_MATTER.exec(text);
  if (!match) {
    problem('lessons.problems.noFrontMatter');
    lesson.body = text;
    return lesson;
  }
  lesson.body = text.slice(match[0].length).trim();
  let meta: unknown;
  try {
    meta = parseYaml(match[1]);
  } catch (err) {
    problem('lessons.problems.badYaml', { detail: err instanceof Error ? err.message : err });
    return lesson;
  }
  if (!isRecord(meta)) {
    problem('lessons.problems.badYaml', { detail: typeof meta });
    return lesson;
  }

  if (typeof meta.title === 'string' && meta.title.trim()) lesson.title = meta.title.trim();
  else problem('lessons.problems.noTitle');

  if (typeof meta.example === 'string' && meta.model === undefined) {
    lesson.document = { example: meta.example };
    if (!exampleById(meta.example)) problem('lessons.problems.noExample', { id: meta.example });
  } else if (typeof meta.model === 'string' && meta.example === undefined) {
    lesson.document = { model: meta.model };
    if (!models.includes(meta.model)) problem('lessons.problems.noModel', { name: meta.model });
  } else {
    problem('lessons.problems.noDocument');
  }

  const tasks = Array.isArray(meta.tasks) ? meta.tasks : [];
  if (tasks.length < MIN_TASKS || tasks.length > MAX_TASKS) {
    problem('lessons.problems.taskCount', { count: tasks.length, min: MIN_TASKS, max: MAX_TASKS });
  }
  tasks.forEach((raw, i) => {
    const task: LessonTask = { check: '', params: {}, text: '', problems: [] };
    const where = (message: string) => t('lessons.problems.inTask', { file, n: i + 1, message });
    if (!isRecord(raw)) {
      task.problems.push(where(t('lessons.problems.taskNotMap')));
    } else {
      const { check, text: words, ...params } = raw;
      task.check = typeof check === 'string' ? check : '';
      task.text = typeof words === 'string' ? words.trim() : '';
      task.params = params as Params;
      if (!task.check) task.problems.push(where(t('lessons.problems.noCheck')));
      else task.problems.push(...validateTask(task.check, params).map(where));
      if (!task.text) task.problems.push(where(t('lessons.problems.noText')));
    }
    lesson.tasks.push(task);
  });
  for (const task of lesson.tasks) lesson.problems.push(...task.problems);
  return lesson;
}

/** The bundled files, keyed `lessons/<language>/<name>.md` and `lessons/models/<name>`. */
export interface LessonFiles {
  lessons: Record<string, string>;
  models: Record<string, string>;
}

const fromGlob = (files: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(files).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ''), text]),
  );

let bundled: LessonFiles | null = null;

/** The files shipped in the repository's lessons/ folder (Vite bundles them as text). */
export function bundledFiles(): LessonFiles {
  bundled ??= {
    lessons: fromGlob(
      import.meta.glob<string>('../../../lessons/*/*.md', {
        query: '?raw',
        import: 'default',
        eager: true,
      }),
    ),
    models: fromGlob(
      import.meta.glob<string>('../../../lessons/models/*.bpmodel', {
        query: '?raw',
        import: 'default',
        eager: true,
      }),
    ),
  };
  return bundled;
}

const modelName = (path: string) => path.split('/').pop() ?? path;

/**
 * The lessons in `language`, in file-name order. A lesson that has no file in that
 * language is shown from its English file.
 */
export function loadLessons(language: string, files: LessonFiles = bundledFiles()): Lesson[] {
  const models = Object.keys(files.models).map(modelName);
  const byName = new Map<string, string>();
  for (const path of Object.keys(files.lessons).sort()) {
    const [, lang, name] = path.split('/');
    if (lang === 'en' && !byName.has(name)) byName.set(name, path);
  }
  for (const path of Object.keys(files.lessons)) {
    const [, lang, name] = path.split('/');
    if (lang === language) byName.set(name, path);
  }
  return [...byName.keys()]
    .sort()
    .map((name) => byName.get(name)!)
    .map((path) => parseLesson(path, files.lessons[path], models));
}

/** The text of a model file in lessons/models/, if bundled. */
export function lessonModelText(
  name: string,
  files: LessonFiles = bundledFiles(),
): string | undefined {
  const path = Object.keys(files.models).find((p) => modelName(p) === name);
  return path ? files.models[path] : undefined;
}
