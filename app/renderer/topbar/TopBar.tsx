/**
 * The in-app menu bar and toolbar. Every item dispatches a registered action
 * by name, exactly as the native menus and the keyboard do.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Host } from '../../shared/host';
import { EXAMPLES } from '../model';
import { dispatch, getAction, keyLabel } from '../actions/registry';
import { baseName, isDirty, useDocument } from '../store/document';
import { useUi } from '../store/ui';
import { TrainingControls } from '../training/TrainingControls';

type Item = { command: string; arg?: string; label?: string; detail?: string } | 'separator';

function MenuItems({ items, onDone }: { items: Item[]; onDone: () => void }) {
  return (
    <>
      {items.map((item, i) => {
        if (item === 'separator') return <div key={i} className="bp-menu__sep" role="separator" />;
        const action = getAction(item.command);
        const enabled = !action?.enabled || action.enabled();
        const keys = action && !item.arg ? keyLabel(action) : undefined;
        return (
          <button
            key={`${item.command}:${item.arg ?? ''}:${i}`}
            type="button"
            role="menuitem"
            disabled={!enabled}
            title={item.detail}
            onClick={() => {
              onDone();
              void dispatch(item.command, item.arg);
            }}
          >
            <span>{item.label ?? action?.label ?? item.command}</span>
            {keys && <kbd>{keys}</kbd>}
          </button>
        );
      })}
    </>
  );
}

function Menu({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  const open = useUi((s) => s.menu === id);
  const anyOpen = useUi((s) => s.menu !== null);
  const setMenu = useUi((s) => s.setMenu);
  return (
    <div className="bp-menu">
      <button
        type="button"
        className={`bp-menu__button${open ? ' is-open' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setMenu(open ? null : id)}
        onMouseEnter={() => anyOpen && !open && setMenu(id)}
      >
        {label}
      </button>
      {open && (
        <div className="bp-menu__list" role="menu" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}

function FileMenu({ host }: { host: Host }) {
  const open = useUi((s) => s.menu === 'file');
  const [recent, setRecent] = useState<string[]>([]);
  const close = () => useUi.getState().setMenu(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    host.recentDocuments().then(
      (r) => live && setRecent(r),
      () => live && setRecent([]),
    );
    return () => {
      live = false;
    };
  }, [open, host]);
  return (
    <Menu id="file" label="File">
      <MenuItems
        onDone={close}
        items={[
          { command: 'document.new' },
          { command: 'document.open' },
          'separator',
          { command: 'document.save' },
          { command: 'document.saveAs' },
        ]}
      />
      <div className="bp-menu__sep" role="separator" />
      <div className="bp-menu__group" role="group" aria-label="Open Recent">
        <div className="bp-menu__heading">Open Recent</div>
        {recent.length === 0 && <div className="bp-menu__empty">No recent files</div>}
        <MenuItems
          onDone={close}
          items={recent.slice(0, 8).map((path) => ({
            command: 'document.openPath',
            arg: path,
            label: baseName(path),
            detail: path,
          }))}
        />
        {recent.length > 0 && (
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              close();
              void host.clearRecentDocuments();
            }}
          >
            <span className="bp-menu__muted">Clear Recent</span>
          </button>
        )}
      </div>
    </Menu>
  );
}

function ExamplesMenu() {
  return (
    <Menu id="examples" label="Examples">
      <MenuItems
        onDone={() => useUi.getState().setMenu(null)}
        items={EXAMPLES.map((e) => ({
          command: 'document.openExample',
          arg: e.id,
          label: e.title,
          detail: e.description,
        }))}
      />
    </Menu>
  );
}

function ToolButton({ command, label, icon }: { command: string; label: string; icon: ReactNode }) {
  const action = getAction(command);
  // Re-evaluated on every document change; re-renders only when the answer flips.
  const enabled = useDocument(() => !action?.enabled || action.enabled());
  const keys = action ? keyLabel(action) : undefined;
  return (
    <button
      type="button"
      className="bp-tool"
      aria-label={label}
      title={keys ? `${label} (${keys})` : label}
      disabled={!enabled}
      onClick={() => void dispatch(command)}
    >
      <svg
        width="18"
        height="18"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        {icon}
      </svg>
    </button>
  );
}

const icons = {
  new: <path d="M6 3h8l4 4v14H6zM14 3v4h4M12 11v6M9 14h6" />,
  open: <path d="M3 7V5h6l2 2h10v12H3zM3 9h18" />,
  save: <path d="M5 3h11l3 3v15H5zM8 3v5h8V3M8 21v-7h8v7" />,
  undo: <path d="M9 7 4 12l5 5M4 12h11a5 5 0 0 1 0 10h-2" />,
  redo: <path d="m15 7 5 5-5 5M20 12H9a5 5 0 0 0 0 10h2" />,
  fit: <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />,
  step: <path d="M3 20h5v-5h5v-5h5V5h3" />,
  layout: (
    <>
      <rect x="3" y="9" width="5" height="6" rx="1" />
      <rect x="16" y="4" width="5" height="6" rx="1" />
      <rect x="16" y="14" width="5" height="6" rx="1" />
      <path d="M8 12h4v-5h4M12 12v5h4" />
    </>
  ),
};

export function TopBar({ host }: { host: Host }) {
  const name = useDocument((s) => s.name);
  const dirty = useDocument((s) => isDirty(s));
  const status = useUi((s) => s.status);
  const menuOpen = useUi((s) => s.menu !== null);
  const ref = useRef<HTMLDivElement>(null);

  // Close menus on a click elsewhere or Escape.
  useEffect(() => {
    if (!menuOpen) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) useUi.getState().setMenu(null);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && useUi.getState().setMenu(null);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [menuOpen]);

  // Status notes fade after a few seconds.
  useEffect(() => {
    if (!status) return;
    const t = setTimeout(() => useUi.getState().setStatus(null), 4000);
    return () => clearTimeout(t);
  }, [status]);

  return (
    <header className="bp-topbar" ref={ref}>
      <div className="bp-brand" aria-hidden="true">
        ∂
      </div>
      <nav className="bp-menubar" aria-label="Menu">
        <FileMenu host={host} />
        <Menu id="edit" label="Edit">
          <MenuItems
            onDone={() => useUi.getState().setMenu(null)}
            items={[
              { command: 'edit.undo' },
              { command: 'edit.redo' },
              'separator',
              { command: 'edit.cut' },
              { command: 'edit.copy' },
              { command: 'edit.paste' },
              { command: 'edit.duplicate' },
              { command: 'edit.delete' },
              'separator',
              { command: 'edit.selectAll' },
            ]}
          />
        </Menu>
        <Menu id="view" label="View">
          <MenuItems
            onDone={() => useUi.getState().setMenu(null)}
            items={[
              { command: 'view.fit' },
              { command: 'view.autoLayout' },
              'separator',
              { command: 'view.zoomIn' },
              { command: 'view.zoomOut' },
            ]}
          />
        </Menu>
        <Menu id="data" label="Data">
          <MenuItems
            onDone={() => useUi.getState().setMenu(null)}
            items={[
              { command: 'data.panel' },
              { command: 'data.openCsv' },
              { command: 'data.builtin' },
            ]}
          />
        </Menu>
        <ExamplesMenu />
      </nav>
      <div className="bp-toolbar" role="toolbar" aria-label="Editor">
        <ToolButton command="document.new" label="New" icon={icons.new} />
        <ToolButton command="document.open" label="Open" icon={icons.open} />
        <ToolButton command="document.save" label="Save" icon={icons.save} />
        <span className="bp-toolbar__sep" />
        <ToolButton command="edit.undo" label="Undo" icon={icons.undo} />
        <ToolButton command="edit.redo" label="Redo" icon={icons.redo} />
        <span className="bp-toolbar__sep" />
        <ToolButton command="view.fit" label="Fit view" icon={icons.fit} />
        <ToolButton command="view.autoLayout" label="Auto layout" icon={icons.layout} />
        <span className="bp-toolbar__sep" />
        <ToolButton command="teaching.stepThrough" label="Step through" icon={icons.step} />
      </div>
      <div className="bp-doc-title" title={name}>
        <span className="bp-doc-title__name">{name}</span>
        {dirty && (
          <span
            className="bp-doc-title__dirty"
            aria-label="unsaved changes"
            title="Unsaved changes"
          >
            •
          </span>
        )}
      </div>
      <TrainingControls />
      {status && (
        <div className="bp-status" role="status">
          {status}
        </div>
      )}
    </header>
  );
}
