/**
 * The panel under the canvas: tabs for the loss, the weights over time, the
 * gradient norms, the predictions, the probe, the fit and the training settings. (The run's
 * progress sits in the top bar, beside the controls, so it shows with the panel collapsed.)
 */
import type { KeyboardEvent } from 'react';
import { GradientsPanel, LossPanel, WeightsPanel } from './Plots';
import { PredictionsPanel } from './PredictionsPanel';
import { SettingsPanel } from './SettingsPanel';
import { DataPanel } from '../teaching/data/DataPanel';
import { FitPanel } from '../teaching/fit/FitPanel';
import { ProbePanel } from '../teaching/probe/ProbePanel';
import { useTraining, type BottomTab } from './store';

const TABS: [BottomTab, string][] = [
  ['loss', 'Loss'],
  ['weights', 'Weights'],
  ['gradients', 'Gradients'],
  ['predictions', 'Predictions'],
  ['probe', 'Probe'],
  ['fit', 'Fit'],
  ['data', 'Data'],
  ['settings', 'Settings'],
];

export function BottomPanel() {
  const tab = useTraining((s) => s.tab);
  const open = useTraining((s) => s.panelOpen);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex(([t]) => t === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
    useTraining.setState({ tab: next, panelOpen: true });
    document.getElementById(`bp-tab-${next}`)?.focus();
  }

  return (
    <section className={`bp-bottom${open ? '' : ' is-closed'}`} aria-label="Training">
      <div className="bp-bottom__head">
        <div className="bp-tabs" role="tablist" aria-label="Training panels" onKeyDown={onKeyDown}>
          {TABS.map(([t, label]) => (
            <button
              key={t}
              id={`bp-tab-${t}`}
              type="button"
              role="tab"
              aria-selected={open && tab === t}
              aria-controls="bp-tabpanel"
              tabIndex={tab === t ? 0 : -1}
              className={open && tab === t ? 'is-active' : undefined}
              onClick={() => useTraining.setState({ tab: t, panelOpen: true })}
            >
              {label}
            </button>
          ))}
        </div>
        <span className="bp-spacer" />
        <button
          type="button"
          className="bp-bottom__toggle"
          aria-label={open ? 'Collapse panel' : 'Expand panel'}
          aria-expanded={open}
          title={open ? 'Hide panel' : 'Show panel'}
          onClick={() => useTraining.setState({ panelOpen: !open })}
        >
          <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true">
            <path
              d={open ? 'M6 9l6 6 6-6' : 'M6 15l6-6 6 6'}
              fill="none"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </button>
      </div>
      {open && (
        <div
          className="bp-bottom__body"
          id="bp-tabpanel"
          role="tabpanel"
          aria-labelledby={`bp-tab-${tab}`}
        >
          {tab === 'loss' && <LossPanel />}
          {tab === 'weights' && <WeightsPanel />}
          {tab === 'gradients' && <GradientsPanel />}
          {tab === 'predictions' && <PredictionsPanel />}
          {tab === 'probe' && <ProbePanel />}
          {tab === 'fit' && <FitPanel />}
          {tab === 'data' && <DataPanel />}
          {tab === 'settings' && <SettingsPanel />}
        </div>
      )}
    </section>
  );
}
