/**
 * The in-app menu bar and toolbar. Every item dispatches a registered action
 * by name, exactly as the native menus and the keyboard do. The menus are
 * Radix's Menubar: arrow keys move between items and menus, Enter runs an
 * item, Escape closes, submenus open to the right.
 */
import { LANGUAGES, type Language } from '#src/i18n';
import { chooseLanguage, t, useLanguageChoice, useTranslation } from '../common/i18n';
import * as Menubar from '@radix-ui/react-menubar';
import { useEffect, useState, type ReactNode } from 'react';
import type { Host } from '../../shared/host';
import { EXAMPLES } from '../common/model';
import { actionLabel, dispatch, getAction, keyLabel } from '../actions/registry';
import { baseName, isDirty, useDocument } from '../store/document';
import { useUi } from '../store/ui';

/** `label` and `detail`: text for people, already in the window's language (else the action's label). */
type Item = { command: string; arg?: string; label?: string; detail?: string } | 'separator';

/** Menus that list plain commands: action names, `-` for a separator. */
const EDIT_MENU =
  'edit.undo edit.redo - edit.cut edit.copy edit.paste edit.duplicate edit.delete - edit.selectAll';
const VIEW_MENU =
  'view.fit view.autoLayout - view.zoomIn view.zoomOut - view.details view.trainingPanel view.minimap';
const DATA_MENU = 'data.panel data.openCsv data.builtin';
/** Glyphs, the same in every language. */
const SUBMENU_ARROW = '›';
const CHECK = '✓';
const DIRTY_DOT = '•';
/** The language menu's value for "follow the system". */
const SYSTEM = 'system';

const commands = (names: string): Item[] =>
  names.split(' ').map((name) => (name === '-' ? 'separator' : { command: name }));

function MenuItems({ items }: { items: Item[] }) {
  // Subscribes to language changes: action labels are translated here.
  useTranslation();
  return (
    <>
      {items.map((item, i) => {
        if (item === 'separator') return <Menubar.Separator key={i} className="bp-menu__sep" />;
        const action = getAction(item.command);
        const enabled = !action?.enabled || action.enabled();
        const keys = action && !item.arg ? keyLabel(action) : undefined;
        return (
          <Menubar.Item
            key={`${item.command}:${item.arg ?? ''}:${i}`}
            className="bp-menu__item"
            disabled={!enabled}
            title={item.detail}
            onSelect={() => void dispatch(item.command, item.arg)}
          >
            <span>{item.label ?? (action ? actionLabel(action) : item.command)}</span>
            {keys && <kbd>{keys}</kbd>}
          </Menubar.Item>
        );
      })}
    </>
  );
}

function Menu({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <Menubar.Menu value={id}>
      <Menubar.Trigger className="bp-menu__button">{label}</Menubar.Trigger>
      <Menubar.Portal>
        <Menubar.Content className="bp-menu__list" align="start" sideOffset={4} loop>
          {children}
        </Menubar.Content>
      </Menubar.Portal>
    </Menubar.Menu>
  );
}

function Submenu({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Menubar.Sub>
      <Menubar.SubTrigger className="bp-menu__item">
        <span>{label}</span>
        <span aria-hidden="true">{SUBMENU_ARROW}</span>
      </Menubar.SubTrigger>
      <Menubar.Portal>
        <Menubar.SubContent className="bp-menu__list" sideOffset={2} alignOffset={-5} loop>
          {children}
        </Menubar.SubContent>
      </Menubar.Portal>
    </Menubar.Sub>
  );
}

/** View → Language: the system's, or one chosen and kept across starts. */
function LanguageMenu() {
  const { t } = useTranslation();
  const choice = useLanguageChoice();
  return (
    <Submenu label={t('common.language')}>
      <Menubar.RadioGroup
        value={choice ?? SYSTEM}
        onValueChange={(v) => chooseLanguage(v === SYSTEM ? null : (v as Language))}
      >
        {[{ code: SYSTEM, name: t('common.systemLanguage') }, ...LANGUAGES].map((l) => (
          <Menubar.RadioItem
            key={l.code}
            value={l.code}
            className="bp-menu__item"
            lang={l.code === SYSTEM ? undefined : l.code}
          >
            <span>{l.name}</span>
            <Menubar.ItemIndicator aria-hidden="true">{CHECK}</Menubar.ItemIndicator>
          </Menubar.RadioItem>
        ))}
      </Menubar.RadioGroup>
    </Submenu>
  );
}

/** Help → Lessons (app/renderer/lessons). */
function HelpMenu() {
  const { t } = useTranslation();
  return (
    <Menu id="help" label={t('lessons.menu.help')}>
      <MenuItems items={[{ command: 'help.lessons', label: t('lessons.menu.lessons') }]} />
    </Menu>
  );
}

function FileMenu({ host }: { host: Host }) {
  const { t } = useTranslation();
  const open = useUi((s) => s.menu === 'file');
  const [recent, setRecent] = useState<string[]>([]);
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
    <Menu id="file" label={t('menu.bar.file')}>
      <Submenu label={t('menu.new')}>
        <MenuItems
          items={[
            { command: 'document.new', label: t('menu.newArticle') },
            { command: 'document.newEmpty', label: t('menu.newEmpty') },
          ]}
        />
      </Submenu>
      <MenuItems items={[{ command: 'document.open' }]} />
      <Submenu label={t('menu.openRecent')}>
        {recent.length === 0 && <div className="bp-menu__empty">{t('menu.noRecent')}</div>}
        <MenuItems
          items={recent.slice(0, 8).map((path) => ({
            command: 'document.openPath',
            arg: path,
            label: baseName(path),
            detail: path,
          }))}
        />
        {recent.length > 0 && (
          <>
            <Menubar.Separator className="bp-menu__sep" />
            <Menubar.Item
              className="bp-menu__item"
              onSelect={() => void host.clearRecentDocuments()}
            >
              <span className="bp-menu__muted">{t('menu.clearRecent')}</span>
            </Menubar.Item>
          </>
        )}
      </Submenu>
      <Submenu label={t('menu.examples')}>
        <ExampleItems />
      </Submenu>
      <MenuItems
        items={[
          'separator',
          { command: 'document.save' },
          { command: 'document.saveAs' },
          { command: 'document.export' },
        ]}
      />
    </Menu>
  );
}

function ExampleItems() {
  useTranslation();
  return (
    <MenuItems
      items={EXAMPLES.map((e) => ({
        command: 'document.openExample',
        arg: e.id,
        label: t(e.title),
        detail: t(e.description),
      }))}
    />
  );
}

function ToolButton({ command, label, icon }: { command: string; label: string; icon: ReactNode }) {
  const { t } = useTranslation();
  const action = getAction(command);
  // Re-evaluated on every document change; re-renders only when the answer flips.
  const enabled = useDocument(() => !action?.enabled || action.enabled());
  const keys = action ? keyLabel(action) : undefined;
  return (
    <button
      type="button"
      className="bp-tool"
      aria-label={label}
      title={keys ? t('menu.toolbar.withKeys', { label, keys }) : label}
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

/** `children`: what sits right of the document's name (App: the training controls and progress). */
export function TopBar({ host, children }: { host: Host; children?: ReactNode }) {
  const name = useDocument((s) => s.name);
  const dirty = useDocument((s) => isDirty(s));
  const status = useUi((s) => s.status);
  const menu = useUi((s) => s.menu);
  const { t } = useTranslation();

  // Status notes fade after a few seconds.
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => useUi.getState().setStatus(null), 4000);
    return () => clearTimeout(timer);
  }, [status]);

  return (
    <header className="bp-topbar">
      <div className="bp-brand" aria-hidden="true">
        ∂
      </div>
      <nav aria-label={t('menu.bar.label')}>
        <Menubar.Root
          className="bp-menubar"
          value={menu ?? ''}
          onValueChange={(v) => useUi.getState().setMenu(v || null)}
          loop
        >
          <FileMenu host={host} />
          <Menu id="edit" label={t('menu.bar.edit')}>
            <MenuItems items={commands(EDIT_MENU)} />
          </Menu>
          <Menu id="view" label={t('menu.bar.view')}>
            <MenuItems items={commands(VIEW_MENU)} />
            <Menubar.Separator className="bp-menu__sep" />
            <LanguageMenu />
          </Menu>
          <Menu id="data" label={t('menu.bar.data')}>
            <MenuItems items={commands(DATA_MENU)} />
          </Menu>
          <Menu id="examples" label={t('menu.bar.examples')}>
            <ExampleItems />
          </Menu>
          <HelpMenu />
        </Menubar.Root>
      </nav>
      <div className="bp-toolbar" role="toolbar" aria-label={t('menu.toolbar.label')}>
        <ToolButton command="document.new" label={t('menu.toolbar.new')} icon={icons.new} />
        <ToolButton command="document.open" label={t('menu.toolbar.open')} icon={icons.open} />
        <ToolButton command="document.save" label={t('menu.toolbar.save')} icon={icons.save} />
        <span className="bp-toolbar__sep" />
        <ToolButton command="edit.undo" label={t('menu.toolbar.undo')} icon={icons.undo} />
        <ToolButton command="edit.redo" label={t('menu.toolbar.redo')} icon={icons.redo} />
        {/* Also in the View menu and the canvas's controls: left out on narrow windows (topbar/topbar.css). */}
        <span className="bp-toolbar__group bp-toolbar__view">
          <span className="bp-toolbar__sep" />
          <ToolButton command="view.fit" label={t('menu.toolbar.fit')} icon={icons.fit} />
          <ToolButton
            command="view.autoLayout"
            label={t('menu.toolbar.autoLayout')}
            icon={icons.layout}
          />
        </span>
        <span className="bp-toolbar__sep" />
        <ToolButton
          command="teaching.stepThrough"
          label={t('menu.toolbar.stepThrough')}
          icon={icons.step}
        />
      </div>
      <div className="bp-doc-title" title={name}>
        <span className="bp-doc-title__name">{name}</span>
        {dirty && (
          <span
            className="bp-doc-title__dirty"
            aria-label={t('menu.unsaved')}
            title={t('menu.unsavedTitle')}
          >
            {DIRTY_DOT}
          </span>
        )}
      </div>
      {children}
      {status && (
        <div className="bp-status" role="status">
          {status}
        </div>
      )}
    </header>
  );
}
