/**
 * The canvas's commands: edit (undo, clipboard, add, delete, select) and view (fit, layout,
 * zoom), registered once. Names match the native menus' commands (app/shared/ipc.ts
 * MENU_COMMANDS); the document's (new, open, save) are in files/actions.ts.
 */
import { isNodeKind, type NodeKind } from '../common/engine';
import { fitReadable } from './fit';
import { freeSpot } from './placement';
import { layoutGraph } from '#src/model/layout';
import { NODE_SIZE, useDocument, type Clipboard } from '../store/document';
import { tKey } from '../common/i18n';
import { getAction, register, type ActionContext } from '../actions/registry';

const doc = () => useDocument.getState();
const hasSelection = () =>
  doc().nodes.some((n) => n.selected) || doc().edges.some((e) => e.selected);
const hasSelectedNodes = () => doc().nodes.some((n) => n.selected);

let clipboard: Clipboard | null = null;
let pasteCount = 0;
const PASTE_OFFSET = 32;

export function fitView(ctx: ActionContext) {
  if (ctx.flow) fitReadable(ctx.flow, 200);
}

/** Adds a node in the free space nearest the centre of the visible canvas (a palette click). */
function addNodeInView(ctx: ActionContext, kind: NodeKind) {
  const flow = ctx.flow;
  const pane = document.querySelector('.react-flow');
  let centre = { x: 0, y: 0 };
  if (flow && pane) {
    const r = pane.getBoundingClientRect();
    centre = flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  }
  const taken = doc().nodes.map((n) => ({
    ...n.position,
    width: n.measured?.width ?? NODE_SIZE.width,
    height: n.measured?.height ?? NODE_SIZE.height,
  }));
  // The new node's size is not measured yet: take a node of its kind's, if there is one.
  const like = doc().nodes.find((n) => n.data.kind === kind && n.measured?.width);
  const size = {
    width: like?.measured?.width ?? NODE_SIZE.width,
    height: like?.measured?.height ?? NODE_SIZE.height,
  };
  doc().addNode(kind, freeSpot(centre, size, taken));
}

export function registerCanvasActions() {
  register({
    name: 'edit.undo',
    label: tKey('editor.action.undo'),
    keys: ['Mod+Z'],
    enabled: () => doc().past.length > 0,
    perform: () => doc().undo(),
  });
  register({
    name: 'edit.redo',
    label: tKey('editor.action.redo'),
    keys: ['Mod+Shift+Z', 'Mod+Y'],
    enabled: () => doc().future.length > 0,
    perform: () => doc().redo(),
  });
  register({
    name: 'edit.copy',
    label: tKey('editor.action.copy'),
    keys: ['Mod+C'],
    enabled: hasSelectedNodes,
    perform: () => {
      clipboard = doc().copySelection();
      pasteCount = 0;
    },
  });
  register({
    name: 'edit.cut',
    label: tKey('editor.action.cut'),
    keys: ['Mod+X'],
    undoable: true,
    enabled: hasSelection,
    perform: () => {
      clipboard = doc().copySelection() ?? clipboard;
      pasteCount = 0;
      doc().deleteSelection();
    },
  });
  register({
    name: 'edit.paste',
    label: tKey('editor.action.paste'),
    keys: ['Mod+V'],
    undoable: true,
    enabled: () => clipboard !== null,
    perform: () => {
      if (!clipboard) return;
      pasteCount++;
      doc().paste(clipboard, { x: PASTE_OFFSET * pasteCount, y: PASTE_OFFSET * pasteCount });
    },
  });
  register({
    // A palette click: the kind's node in the free space nearest the view's centre.
    name: 'edit.addNode',
    label: tKey('editor.action.addNode'),
    undoable: true,
    perform: (ctx, kind) => {
      if (kind && isNodeKind(kind)) addNodeInView(ctx, kind);
    },
  });
  register({
    name: 'edit.duplicate',
    label: tKey('editor.action.duplicate'),
    keys: ['Mod+D'],
    undoable: true,
    enabled: hasSelectedNodes,
    perform: () => {
      const clip = doc().copySelection();
      if (clip) doc().paste(clip, { x: PASTE_OFFSET, y: PASTE_OFFSET });
    },
  });
  register({
    name: 'edit.delete',
    label: tKey('editor.action.delete'),
    keys: ['Delete', 'Backspace'],
    undoable: true,
    enabled: hasSelection,
    perform: () => doc().deleteSelection(),
  });
  register({
    name: 'edit.selectAll',
    label: tKey('editor.action.selectAll'),
    keys: ['Mod+A'],
    perform: () => doc().selectAll(),
  });

  register({
    name: 'edit.selectNone',
    label: tKey('editor.action.selectNone'),
    keys: ['Escape'],
    perform: () => doc().select({}),
  });

  register({
    name: 'view.fit',
    label: tKey('editor.action.fit'),
    keys: ['.', 'F'],
    perform: fitView,
  });
  register({
    name: 'view.autoLayout',
    label: tKey('editor.action.autoLayout'),
    keys: ['Mod+Shift+L'],
    undoable: true,
    enabled: () => doc().nodes.length > 0,
    perform: async (ctx) => {
      const { nodes, edges } = doc();
      const positions = await layoutGraph(
        nodes.map((n) => ({
          id: n.id,
          width: n.measured?.width ?? NODE_SIZE.width,
          height: n.measured?.height ?? NODE_SIZE.height,
        })),
        edges,
      );
      doc().setPositions(positions);
      // Let React Flow place the nodes before framing them.
      requestAnimationFrame(() => fitView(ctx));
    },
  });
  // The same command under the name the editor brief used.
  register({ ...getAction('view.autoLayout')!, name: 'view.layout', keys: undefined });
  register({
    name: 'view.zoomIn',
    label: tKey('editor.action.zoomIn'),
    keys: ['Mod+=', 'Mod++'],
    perform: (ctx) => void ctx.flow?.zoomIn({ duration: 150 }),
  });
  register({
    name: 'view.zoomOut',
    label: tKey('editor.action.zoomOut'),
    keys: ['Mod+-'],
    perform: (ctx) => void ctx.flow?.zoomOut({ duration: 150 }),
  });
}
