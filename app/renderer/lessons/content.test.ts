/**
 * Every lesson file loads in both languages without a problem, names checks that exist with
 * parameters they take, and the English and Chinese tracks have the same lessons and tasks.
 * The parser reports broken files by file and task.
 */
import { describe, expect, it } from 'vitest';
import { bundledFiles, lessonModelText, loadLessons, parseLesson } from './content';
import { parseModelText } from '../common/model';
import { CHECKS } from './checks';

const files = bundledFiles();

describe('the bundled lessons', () => {
  const en = loadLessons('en');
  const zh = loadLessons('zh-CN');

  it('holds the six lessons of the article, each in English and Chinese', () => {
    expect(en.map((l) => l.id)).toEqual([
      '01-one-neuron',
      '02-whole-batch',
      '03-descent',
      '04-activations',
      '05-deep-network',
      '06-predictions',
    ]);
    for (const l of en) {
      expect(Object.keys(files.lessons)).toContain(`lessons/zh-CN/${l.id}.md`);
      expect(zh.find((z) => z.id === l.id)?.file).toBe(`lessons/zh-CN/${l.id}.md`);
    }
  });

  it.each([...en, ...zh].map((l) => [l.file, l] as const))('%s has no problems', (_, lesson) => {
    expect(lesson.problems).toEqual([]);
    expect(lesson.tasks.length).toBeGreaterThanOrEqual(2);
    expect(lesson.tasks.length).toBeLessThanOrEqual(4);
    for (const task of lesson.tasks) {
      expect(Object.keys(CHECKS)).toContain(task.check);
      expect(task.text).not.toBe('');
    }
  });

  it('gives both languages the same document and the same checks with the same parameters', () => {
    expect(zh.map((l) => l.id)).toEqual(en.map((l) => l.id));
    en.forEach((l, i) => {
      expect(zh[i].document).toEqual(l.document);
      expect(zh[i].tasks.map((t) => [t.check, t.params])).toEqual(
        l.tasks.map((t) => [t.check, t.params]),
      );
      expect(zh[i].title).not.toBe(l.title);
      zh[i].tasks.forEach((t, j) => expect(t.text).not.toBe(l.tasks[j].text));
    });
  });

  it("opens every lesson's model file as a valid document", () => {
    for (const l of en) {
      if (!('model' in l.document)) continue;
      const parsed = parseModelText(lessonModelText(l.document.model) ?? '');
      expect(parsed.ok, l.document.model).toBe(true);
    }
  });
});

describe('parseLesson', () => {
  const file = 'lessons/en/09-test.md';
  const parse = (front: string, body = 'Text.') =>
    parseLesson(file, `---\n${front}\n---\n${body}`, ['x.bpmodel']);

  it('reads the title, the document, the tasks with their parameters and the body', () => {
    const l = parse(
      'title: T\nmodel: x.bpmodel\ntasks:\n  - check: batchIs\n    batch: mini\n    text: Do **it**\n  - check: stepOpen\n    text: Open',
      '\nSome $a$ text.\n',
    );
    expect(l.problems).toEqual([]);
    expect(l).toMatchObject({
      id: '09-test',
      title: 'T',
      document: { model: 'x.bpmodel' },
      body: 'Some $a$ text.',
    });
    expect(l.tasks[0]).toMatchObject({
      check: 'batchIs',
      params: { batch: 'mini' },
      text: 'Do **it**',
    });
  });

  it('names the file and the task of an unknown check, and lists the known ones', () => {
    const l = parse(
      'title: T\nexample: neuron\ntasks:\n  - check: runFinishd\n    text: a\n  - check: stepOpen\n    text: b',
    );
    expect(l.problems).toHaveLength(1);
    expect(l.problems[0]).toMatch(
      /^lessons\/en\/09-test\.md, task 1: there is no check "runFinishd"/,
    );
    expect(l.problems[0]).toContain('runFinished');
  });

  it('reports missing, mistyped and unknown parameters', () => {
    const l = parse(
      'title: T\nexample: neuron\ntasks:\n  - check: weightNear\n    node: dense1\n    value: one\n    colour: red\n    text: a\n  - check: stepOpen\n    text: b',
    );
    expect(l.problems.join('\n')).toContain('needs the parameter col');
    expect(l.problems.join('\n')).toContain('parameter value is "one"; expected number');
    expect(l.problems.join('\n')).toContain('has no parameter colour');
  });

  it('reports a file without front matter, a missing title, document, or too few tasks', () => {
    expect(parseLesson(file, '# Hello', []).problems[0]).toMatch(/must start with front matter/);
    const l = parse('tasks: []');
    expect(l.problems.join('\n')).toContain('no title');
    expect(l.problems.join('\n')).toContain('either an example');
    expect(l.problems.join('\n')).toContain('2 to 4 tasks; this one has 0');
    expect(parse('title: T\nexample: nope\ntasks: []').problems.join()).toContain(
      'no example "nope"',
    );
    expect(parse('title: T\nmodel: y.bpmodel\ntasks: []').problems.join()).toContain(
      'no model file "y.bpmodel"',
    );
    expect(parse('title: [\n').problems[0]).toMatch(/not valid YAML/);
  });

  it('shows a lesson missing in a language from its English file', () => {
    const lessons = loadLessons('zh-CN', {
      lessons: {
        'lessons/en/01-a.md': '---\ntitle: A\n---\n',
        'lessons/en/02-b.md': '---\ntitle: B\n---\n',
        'lessons/zh-CN/01-a.md': '---\ntitle: 甲\n---\n',
      },
      models: {},
    });
    expect(lessons.map((l) => [l.id, l.title])).toEqual([
      ['01-a', '甲'],
      ['02-b', 'B'],
    ]);
  });
});
