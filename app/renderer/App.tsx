/**
 * The editor window: menu bar and toolbar on top, the palette on the left,
 * the canvas in the middle with the training panel under it, the details
 * (inspector, problems) on the right; the canvas gets most of the window.
 * Wires the host (menus, title, closing, dropped files) to registered actions.
 */
import { useEffect } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { Host } from '../shared/host';
import { actionForKey, dispatch, setActionContext } from './actions/registry';
import { registerCanvasActions } from './canvas/actions';
import { registerFileActions } from './files/actions';
import { registerInteropActions } from './interop/flows';
import { registerLayoutActions } from './panels/actions';
import { registerTrainingActions } from './training/actions';
import { Canvas } from './canvas/Canvas';
import { FaceSlots } from './common/faces';
import { nodeTypes } from './nodes';
import { connectData } from './common/document-data';
import { registerDataActions } from './datapanel/actions';
import { DataDialog } from './datapanel/DataDialog';
import { showDroppedCsv } from './datapanel/store';
import { Dialogs } from './dialogs/Dialogs';
import { ExportDialog } from './interop/ExportDialog';
import { QuickAdd } from './dialogs/QuickAdd';
import { openDroppedFile, settleUnsaved } from './files/open-save';
import { newModel } from './common/model';
import { DetailsPanel, DetailsToggle } from './panels/Details';
import { Inspector } from './panels/Inspector';
import { Palette } from './panels/Palette';
import { Problems } from './panels/Problems';
import { connectAutosave, offerRecovery } from './files/autosave';
import { isDirty, useDocument, type FlowEdge, type FlowNode } from './store/document';
import { useUi } from './store/ui';
import { t } from './common/i18n';
import { TopBar } from './topbar/TopBar';
import { registerLessonActions } from './lessons/actions';
import { LessonOffer, LessonPanel } from './lessons/LessonPanel';
import { registerStepActions } from './teaching/step/actions';
import { StepPanel } from './teaching/step/StepPanel';
import { NeuronView } from './teaching/neuron/NeuronView';
import { ConvView } from './teaching/conv/ConvView';
import { DataPanel } from './teaching/data/DataPanel';
import { TEACHING_FACES } from './teaching/faces';
import { FitPanel } from './teaching/fit/FitPanel';
import { ProbePanel } from './teaching/probe/ProbePanel';
import { WarningMonitor, WarningsList } from './teaching/warnings/Warnings';
import { BottomPanel, type BottomViews } from './training/BottomPanel';
import { CanvasArea, OverlayBar, TrainingBanner } from './training/CanvasOverlay';
import { TrainingControls } from './training/TrainingControls';
import { UpdateWalk } from './training/UpdateWalk';
import { connectTraining } from './training/controller';

registerFileActions();
registerInteropActions();
registerCanvasActions();
registerLayoutActions();
registerStepActions();
registerTrainingActions();
registerDataActions();
registerLessonActions();

/** The teaching views among the training panel's tabs. */
const BOTTOM_VIEWS: BottomViews = { probe: ProbePanel, fit: FitPanel, data: DataPanel };

/** Connects the open document to its training session on the host. */
function TrainingBridge({ host }: { host: Host }) {
  useEffect(() => connectTraining(host), [host]);
  return null;
}

function isTyping(target: EventTarget | null) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || !!target.closest('input, textarea, select'))
  );
}

/**
 * Gives actions the host and the canvas, the data views their file access, and connects menus,
 * keys, title, closing and dropped files.
 */
function HostBridge({ host }: { host: Host }) {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const name = useDocument((s) => s.name);
  const dirty = useDocument((s) => isDirty(s));

  useEffect(() => {
    setActionContext({ host, flow });
    return () => setActionContext(null);
  }, [host, flow]);

  useEffect(() => connectData(host), [host]);
  useEffect(() => host.onMenuCommand((command, arg) => void dispatch(command, arg)), [host]);
  useEffect(() => host.onCloseRequest(() => settleUnsaved(host)), [host]);
  // Nothing lost: a recovery copy while unsaved, and the offer of copies earlier runs left.
  useEffect(() => connectAutosave(host), [host]);
  useEffect(() => void offerRecovery(host), [host]);

  useEffect(() => {
    document.title = `${name}${dirty ? ' •' : ''} — Backprop Studio`;
    void host.setTitle(name, dirty);
  }, [host, name, dirty]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (host.kind === 'web' && isDirty()) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [host]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      const ui = useUi.getState();
      // An open menu (or dialog) has the keys, as in a desktop app.
      if (ui.dialog || ui.quickAdd || ui.menu) return;
      const action = actionForKey(e);
      if (!action) return;
      e.preventDefault();
      void dispatch(action.name);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file && /\.csv$/i.test(file.name)) showDroppedCsv(host, file);
      else if (file) void openDroppedFile(host, file);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [host]);

  return null;
}

export function App({ host }: { host: Host }) {
  // The first start opens the article's network so a new user can train at once.
  useEffect(() => {
    if (useDocument.getState().loadCount === 0) {
      useDocument.getState().load(newModel(), { name: t('editor.untitled') });
    }
  }, []);

  return (
    <ReactFlowProvider>
      <FaceSlots.Provider value={TEACHING_FACES}>
        <HostBridge host={host} />
        <TrainingBridge host={host} />
        <WarningMonitor />
        <div className="bp-app">
          <TopBar host={host}>
            <TrainingControls />
          </TopBar>
          <div className="bp-main">
            <Palette />
            <LessonOffer host={host} />
            <main className="bp-center">
              <CanvasArea>
                <Canvas nodeTypes={nodeTypes} />
                <OverlayBar />
                <DetailsToggle />
                <TrainingBanner />
                <UpdateWalk />
              </CanvasArea>
              <BottomPanel views={BOTTOM_VIEWS} />
              <StepPanel />
              <NeuronView />
              <ConvView />
            </main>
            <DetailsPanel>
              <Inspector />
              <Problems />
              <WarningsList />
            </DetailsPanel>
            <LessonPanel host={host} />
          </div>
        </div>
        <QuickAdd />
        <DataDialog host={host} />
        <Dialogs host={host} exportDialog={ExportDialog} />
      </FaceSlots.Provider>
    </ReactFlowProvider>
  );
}
