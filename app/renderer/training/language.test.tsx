// @vitest-environment jsdom
/**
 * The training panel follows a language switch without a reload: labels,
 * the settings' check messages and the speeds are worded in the window's
 * language at the moment they are shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { setLanguage } from '#src/i18n';
import { exampleById } from '#src/model/examples';
import { useDocument } from '../store/document';
import { TrainingBanner } from './CanvasOverlay';
import { paceLabel, paceTitle } from './pace';
import { Progress } from './Progress';
import { checks, SettingsPanel } from './SettingsPanel';
import { useTraining } from '../store/training';

afterEach(() => {
  cleanup();
  setLanguage('en');
});

describe('the training panel in two languages', () => {
  it('relabels the settings and the progress line when the language changes', () => {
    useDocument.getState().load(exampleById('spiral')!.model());
    render(
      <>
        <Progress />
        <SettingsPanel />
      </>,
    );
    expect(screen.getByRole('form', { name: 'Training settings' })).toBeTruthy();
    expect(screen.getByLabelText('Learning rate')).toBeTruthy();
    expect(screen.getByTestId('training-state').textContent).toBe('Not trained');

    act(() => setLanguage('zh-CN'));
    expect(screen.getByRole('form', { name: '训练设置' })).toBeTruthy();
    expect(screen.getByLabelText('学习率')).toBeTruthy();
    expect(screen.getByLabelText('轮数')).toBeTruthy();
    expect(screen.queryByLabelText('Learning rate')).toBeNull();
    expect(screen.getByTestId('training-state').textContent).toBe('未训练');
    const descent = screen.getByLabelText('梯度下降方式') as HTMLSelectElement;
    expect([...descent.options].map((o) => o.textContent)).toEqual([
      '批量梯度下降（全部）',
      '随机梯度下降（逐个）',
      '小批量',
    ]);
  });

  it('rewords how the last run ended when the language changes', () => {
    render(
      <ReactFlowProvider>
        <TrainingBanner />
      </ReactFlowProvider>,
    );
    act(() =>
      useTraining.setState({
        state: 'done',
        warning: false,
        message: { kind: 'done', epochs: 500 },
      }),
    );
    expect(screen.getByRole('status').textContent).toContain('Trained 500 epochs.');
    act(() => setLanguage('zh-CN'));
    expect(screen.getByRole('status').textContent).toContain('已训练 500 轮。');
    act(() => useTraining.setState({ state: null, message: null }));
  });

  it('words a refused setting and the speeds in the current language', () => {
    expect(checks.learningRate(0)).toBe('Learning rate must be more than 0');
    expect(checks.epochs(1.5)).toBe('Epochs must be a whole number');
    expect(paceLabel(20)).toBe('20 / s');
    expect(paceTitle(1)).toBe('1 update a second');
    setLanguage('zh-CN');
    expect(checks.learningRate(0)).toBe('学习率必须大于 0');
    expect(checks.epochs(1.5)).toBe('轮数必须是整数');
    expect(checks.seed(4294967296)).toBe('随机种子不能大于 4,294,967,295');
    expect(paceLabel(20)).toBe('20 次/秒');
    expect(paceTitle(1)).toBe('每秒 1 次更新');
  });
});
