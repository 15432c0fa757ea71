/**
 * The command line end to end: the real bin script in a child process, on real
 * files in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH, runnerIn, type RunResult } from './testing/run';
import { EXAMPLES } from '../model/examples';
import { parseModel } from '../model/parse';
import { prepareModel } from '../model/prepare';
import { serializeModel } from '../model/serialize';
import { xorWithProtoIds } from '../model/testing/user-ids';

const dir = mkdtempSync(join(tmpdir(), 'bpcli-'));

type Result = RunResult;

const run = runnerIn(dir);

/** Runs the bin with the locale variables `locale` set (the rest of the environment kept). */
function runIn(locale: Record<string, string | undefined>, ...args: string[]): Promise<Result> {
  return runnerIn(dir, locale)(...args);
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!.model();

describe('backprop-studio', () => {
  it('check: a good file → exit 0 and a one-line summary', async () => {
    write('article.bpmodel', serializeModel(example('article')));
    const r = await run('check', 'article.bpmodel');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ok article.bpmodel: 6 nodes, 26 parameters, no weights yet; data article: 64 samples/,
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('check: a bad file → exit 1 and every problem, file format and graph alike', async () => {
    const bad = example('article');
    bad.graph.nodes[1].params.units = -3;
    bad.training.learningRate = -1;
    write('bad.bpmodel', JSON.stringify(bad));
    const r = await run('check', 'bad.bpmodel');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad.bpmodel: 2 problems/);
    expect(r.stderr).toMatch(/graph.nodes\[1\].params.units: must be a whole number ≥ 1, got -3/);
    expect(r.stderr).toMatch(/training.learningRate: must be > 0, got -1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const unwired = example('article');
    unwired.graph.edges.pop();
    write('unwired.bpmodel', serializeModel(unwired));
    const u = await run('check', 'unwired.bpmodel');
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/graph.nodes\[5\]: .*no input/i);

    const truncated = await run(
      'check',
      write('cut.bpmodel', serializeModel(example('xor')).slice(0, 100)),
    );
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/truncated/);
  });

  it('bad usage → exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    const r = await run('train', 'article.bpmodel', '--epochs', 'many');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--epochs.*must be a whole number/);
    expect((await run('predict', 'article.bpmodel')).code).toBe(2);
  });

  it('train --json → trains, writes weights and history, prints one line', async () => {
    write('xor.bpmodel', serializeModel(example('xor')));
    const r = await run(
      'train',
      'xor.bpmodel',
      '--epochs',
      '300',
      '--out',
      'xor-trained.bpmodel',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]);
    expect(summary.epochs).toBe(300);
    expect(summary.loss).toBeLessThan(0.2);
    expect(summary.accuracy).toBe(1);
    expect(summary.samplesPerSecond).toBeGreaterThan(0);
    const trained = parseModel(readFileSync(join(dir, 'xor-trained.bpmodel'), 'utf8'));
    if (!trained.ok) throw new Error(JSON.stringify(trained.problems));
    expect(trained.model.history).toHaveLength(300);
    expect(trained.model.history![299].loss).toBe(summary.loss);
    expect(trained.model.training.epochs).toBe(300);
    expect(Object.keys(trained.model.weights!)).toEqual(['dense1', 'dense2']);
    // The source file is untouched.
    const source = parseModel(readFileSync(join(dir, 'xor.bpmodel'), 'utf8'));
    expect(source.ok && source.model.weights).toBeUndefined();

    // predict with the trained file: XOR's truth table.
    const p = await run(
      'predict',
      'xor-trained.bpmodel',
      '--input',
      '[[0,0],[0,1],[1,0],[1,1]]',
      '--json',
    );
    expect(p.code).toBe(0);
    const out = JSON.parse(p.stdout);
    expect(out.outputs).toEqual(['y']);
    expect(out.predictions.map((row: number[]) => Math.round(row[0]))).toEqual([0, 1, 1, 0]);

    // The same from a CSV file, as text.
    write('in.csv', 'x1,x2\n0,1\n1,1\n');
    const c = await run('predict', 'xor-trained.bpmodel', '--input', 'in.csv');
    expect(c.code).toBe(0);
    expect(c.stdout.split('\n')[0]).toBe('y');
    expect(c.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('train writes back to FILE by default and continues the history', async () => {
    write('again.bpmodel', serializeModel(example('article')));
    expect((await run('train', 'again.bpmodel', '--epochs', '3', '--seed', '7')).code).toBe(0);
    expect((await run('train', 'again.bpmodel', '--epochs', '2')).code).toBe(0);
    const m = parseModel(readFileSync(join(dir, 'again.bpmodel'), 'utf8'));
    if (!m.ok) throw new Error('unreadable');
    expect(m.model.history!.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(m.model.training.seed).toBe(7);
    // Each command is a run in the file's run list, and names the epochs it trained.
    expect(m.model.history!.map((h) => h.run)).toEqual([1, 1, 1, 2, 2]);
    expect(m.model.runs).toMatchObject([
      { id: 1, fromEpoch: 0, epochs: 3, end: 'done', finalLoss: m.model.history![2].loss },
      { id: 2, fromEpoch: 3, epochs: 2, end: 'done', finalLoss: m.model.history![4].loss },
    ]);
  });

  it('train: a diverging run → exit 1, file unchanged', async () => {
    const wild = example('sine');
    wild.training = {
      optimizer: 'sgd',
      learningRate: 100,
      batch: 'full',
      epochs: 200,
      seed: 1,
      l2: 0,
    };
    const text = serializeModel(wild);
    write('wild.bpmodel', text);
    const r = await run('train', 'wild.bpmodel');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/diverged at epoch \d+.*learningRate/);
    expect(readFileSync(join(dir, 'wild.bpmodel'), 'utf8')).toBe(text);
  });

  it('predict: bad input rows are named', async () => {
    const r = await run('predict', 'article.bpmodel', '--input', '[[1,0],[1,"a",0]]');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[0\]: must be an array of 3 numbers/);
    expect(r.stderr).toMatch(/\[1\]\[1\]: must be a number, got "a"/);
    write('bad.csv', 'x1,x2,x3\n1,0,\n');
    const c = await run('predict', 'article.bpmodel', '--input', 'bad.csv');
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/bad.csv: line 2, column "x3": the cell is empty/);
  });

  it('grad --json: the loss and every gradient at the file’s weights, as the engine computes them', async () => {
    const model = example('article');
    write('grad.bpmodel', serializeModel(model));
    const r = await run('grad', 'grad.bpmodel', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const p = await prepareModel(model);
    if (!p.ok) throw new Error('does not prepare');
    const loss = p.net.lossAndGradients(p.data.all);
    expect(out.loss).toBe(loss);
    expect(out.gradients).toEqual(p.net.getGradients());
    expect(out.gradients.dense1.W).toHaveLength(5);
    expect(out.gradients.dense1.W[0]).toHaveLength(3);
    // The article's formula for the last layer: ∂L/∂b = Σ δ, nonzero at random weights.
    expect(Math.abs(out.gradients.dense2.b[0])).toBeGreaterThan(0);
  });

  it('check: a data path that is a pipe or a device → exit 1 at once, naming it', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const model = example('xor');
    model.data = { csv: 'pipe.csv', features: ['a', 'b'], targets: ['y'] };
    write('piped.bpmodel', serializeModel(model));
    const piped = await run('check', 'piped.bpmodel');
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain(`${fifo}: is a named pipe (FIFO), not a regular file`);

    model.data = { csv: '/dev/zero', features: ['a', 'b'], targets: ['y'] };
    write('zero.bpmodel', serializeModel(model));
    const zero = await run('check', 'zero.bpmodel');
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('/dev/zero: is a device, not a regular file');

    const self = await run('check', 'pipe.csv');
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('is a named pipe');

    write('article.bpmodel', serializeModel(example('article')));
    const input = await run('predict', 'article.bpmodel', '--input', 'pipe.csv');
    expect(input.code).toBe(1);
    expect(input.stderr).toContain('is a named pipe');
  }, 20_000);

  it('check and train: node ids like "__proto__" and "toString" are ids like any other', async () => {
    write('proto.bpmodel', serializeModel(xorWithProtoIds()));
    const checked = await run('check', 'proto.bpmodel');
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toMatch(/^ok proto.bpmodel: 6 nodes, 17 parameters, no weights yet/);
    const trained = await run('train', 'proto.bpmodel', '--epochs', '5', '--json');
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const saved = parseModel(readFileSync(join(dir, 'proto.bpmodel'), 'utf8'));
    expect(saved.ok && Object.keys(saved.model.weights ?? {}).sort()).toEqual([
      '__proto__',
      'hasOwnProperty',
    ]);
  });
});

describe('backprop-studio speaks the language of its environment', () => {
  const CHINESE = {
    LANG: 'zh_CN.UTF-8',
    LC_ALL: undefined,
    LC_MESSAGES: undefined,
    LANGUAGE: undefined,
  };
  const NOT_CHINESE: [string, Record<string, string | undefined>][] = [
    ['LANG=C', ENGLISH],
    [
      'LANG=en_US.UTF-8',
      { LANG: 'en_US.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined, LANGUAGE: undefined },
    ],
    [
      'no locale set',
      { LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANGUAGE: undefined },
    ],
  ];
  const hasHan = /[\u4e00-\u9fff]/;

  // Several kinds of problem: JSON syntax, the graph (a cycle, no loss), a schema-checked
  // parameter, and a CSV with holes.
  const files = () => {
    const text = serializeModel(example('article'));
    write('syntax.bpmodel', text.replace('"version": 2,', '"version": 2,,'));
    const graph = example('article');
    graph.graph.nodes = graph.graph.nodes.filter((n) => n.kind !== 'loss');
    graph.graph.edges = graph.graph.edges.filter((e) => e.target !== 'loss');
    graph.graph.edges.push({ id: 'back', source: 'dense2', target: 'dense1' });
    write('graph.bpmodel', serializeModel(graph));
    const param = example('article');
    param.graph.nodes[1].params.units = 0;
    write('param.bpmodel', serializeModel(param));
    write('holes.csv', 'a,b,c,y\n1,2,3,1\n1,,3,0\n1,x,3\n');
    const csv = example('article');
    csv.data = { csv: 'holes.csv', features: ['a', 'b', 'c'], targets: ['y'] };
    write('holes.bpmodel', serializeModel(csv));
  };

  it("prints a bad file's problems in Chinese under zh_CN, naming where (line:column, paths, node ids)", async () => {
    files();
    const syntax = await runIn(CHINESE, 'check', 'syntax.bpmodel');
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/^syntax\.bpmodel：1 个问题\n/);
    expect(syntax.stderr).toContain('(file)：第 3 行第 16 列不是有效的 JSON：');

    const graph = await runIn(CHINESE, 'check', 'graph.bpmodel');
    expect(graph.code).toBe(1);
    expect(graph.stderr).toMatch(/graph：网络没有损失函数节点/);
    expect(graph.stderr).toMatch(
      /graph\.nodes\[\d\]：这个节点在一个环中（全连接层 "dense\d" → .*全连接层 "dense\d"）/,
    );

    const param = await runIn(CHINESE, 'check', 'param.bpmodel');
    expect(param.stderr).toMatch(/graph\.nodes\[1\]\.params\.units：必须是 ≥ 1 的整数，实际为 0/);

    const holes = await runIn(CHINESE, 'check', 'holes.bpmodel');
    expect(holes.code).toBe(1);
    expect(holes.stderr).toContain('holes.bpmodel：3 个问题');
    expect(holes.stderr).toContain('data：holes.csv：第 3 行，列 "b"：单元格是空的');
    expect(holes.stderr).toContain('data：holes.csv：第 4 行，列 "b"："x" 不是数字');
    expect(holes.stderr).toContain('第 4 行，列 "y"：缺少这个单元格');
    for (const r of [syntax, graph, param, holes]) expect(r.stderr).not.toMatch(/problem|line \d/);
  });

  it.each(NOT_CHINESE)('prints them in English with %s', async (_, locale) => {
    files();
    const syntax = await runIn(locale, 'check', 'syntax.bpmodel');
    expect(syntax.stderr).toContain('(file): not valid JSON at line 3, column 16: ');
    const graph = await runIn(locale, 'check', 'graph.bpmodel');
    expect(graph.stderr).toMatch(/graph: The network has no Loss node/);
    expect(graph.stderr).toMatch(/This node is part of a cycle \(Dense "dense\d" → /);
    const param = await runIn(locale, 'check', 'param.bpmodel');
    expect(param.stderr).toMatch(/units: must be a whole number ≥ 1, got 0/);
    const holes = await runIn(locale, 'check', 'holes.bpmodel');
    expect(holes.stderr).toContain('data: holes.csv: line 3, column "b": the cell is empty');
    for (const r of [syntax, graph, param, holes]) expect(r.stderr).not.toMatch(hasHan);
  });

  it('shows --help and usage errors in Chinese under zh_CN', async () => {
    const help = await runIn(CHINESE, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^用法：/);
    expect(help.stdout).toContain('检查、训练和查询 Backprop Studio 模型文件');
    expect(help.stdout).toMatch(/命令：\n\s+check \[options\] <file>\s+验证模型文件/);
    const train = await runIn(CHINESE, 'train', '--help');
    expect(train.stdout).toMatch(/--epochs <n>\s+训练的轮数/);
    const usage = await runIn(CHINESE, 'train', 'x.bpmodel', '--epochs', 'many');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("错误：选项 '--epochs <n>' 的值 'many' 无效：必须是整数");
    const english = await runIn(ENGLISH, '--help');
    expect(english.stdout).toMatch(/^Usage: /);
    expect(english.stdout).not.toMatch(hasHan);
  });
});
