/**
 * The compiler words its problems when it runs: a language switch compiles the document
 * again, so the Problems panel and the canvas's marks speak the new language, and nothing
 * else about the document changes but an untitled document's name.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '#src/i18n';
import { newModel } from '../common/model';
import { useDocument } from './document';

const compiles = vi.hoisted(() => ({ count: 0 }));
vi.mock('../common/engine', async (original) => {
  const engine = await original<typeof import('../common/engine')>();
  return {
    ...engine,
    compile: (...args: Parameters<typeof engine.compile>) => {
      compiles.count++;
      return engine.compile(...args);
    },
  };
});

afterEach(() => setLanguage('en'));

describe('a language switch', () => {
  it('compiles the document again and keeps everything else', () => {
    useDocument.getState().load(newModel(), { name: 'n' });
    useDocument.getState().addNode('dense', { x: 0, y: 0 }); // an unconnected node: problems
    const before = useDocument.getState();
    expect(before.compiled.problems.length).toBeGreaterThan(0);
    compiles.count = 0;
    setLanguage('zh-CN');
    const after = useDocument.getState();
    expect(compiles.count).toBe(1);
    expect(after.compiled).not.toBe(before.compiled);
    expect(after.compiled.problems.map((p) => p.code)).toEqual(
      before.compiled.problems.map((p) => p.code),
    );
    expect(after.nodes).toBe(before.nodes);
    expect(after.stateId).toBe(before.stateId);
    expect(after.past).toBe(before.past);
  });

  it('renames a document never saved from Untitled to the new language’s word, and no other', () => {
    useDocument.getState().load(newModel(), { name: 'Untitled' });
    setLanguage('zh-CN');
    expect(useDocument.getState().name).toBe('未命名');
    setLanguage('en');
    expect(useDocument.getState().name).toBe('Untitled');
    useDocument.getState().load(newModel(), { name: 'Untitled', path: '/w/Untitled' });
    setLanguage('zh-CN');
    expect(useDocument.getState().name).toBe('Untitled');
    useDocument.getState().load(newModel(), { name: 'xor' });
    setLanguage('en');
    expect(useDocument.getState().name).toBe('xor');
  });
});
