/**
 * Edits the selected node's parameters. Values are checked with the engine
 * registry's validation: a bad value is refused with a message and never
 * reaches the document.
 */
import { useId, useState } from 'react';
import { isNodeKind, KINDS, validateParam, type NodeKind, type ParamSpec } from '../common/engine';
import { optionText, t as translate, useTranslation } from '../common/i18n';
import { KindIcon, kindStyle } from '../common/icons';
import { batchShape } from '../common/format';
import { useDocument, type FlowNode } from '../store/document';
import { dispatch } from '../actions/registry';
import { NumberField } from '../common/NumberField';

/** The selected node's id, 'many', or null: a string, so dragging does not re-render the inspector. */
function selectedNode(nodes: FlowNode[]): string | 'many' | null {
  let found: string | null = null;
  for (const n of nodes) {
    if (!n.selected) continue;
    if (found) return 'many';
    found = n.id;
  }
  return found;
}

export function Inspector() {
  const selection = useDocument((s) => selectedNode(s.nodes));
  const selectedCount = useDocument((s) => s.nodes.filter((n) => n.selected).length);
  const { t } = useTranslation();
  return (
    <section className="bp-inspector" aria-labelledby="inspector-title">
      <h2 className="bp-panel-title" id="inspector-title">
        {t('panels.inspector.title')}
      </h2>
      {selection === null && <p className="bp-hint">{t('panels.inspector.hint')}</p>}
      {selection === 'many' && (
        <p className="bp-hint">{t('panels.inspector.many', { count: selectedCount })}</p>
      )}
      {selection && selection !== 'many' && <NodeInspector id={selection} />}
    </section>
  );
}

function NodeInspector({ id }: { id: string }) {
  // Node data keeps its identity while the node moves, so this re-renders only on edits.
  const data = useDocument((s) => s.nodes.find((n) => n.id === id)?.data);
  const width = useDocument((s) => s.compiled.shapes[id]);
  const dims = useDocument((s) => s.compiled.dims[id]);
  const { t } = useTranslation();
  if (!data) return null;
  const node = { id, data };
  const kind = data.kind;
  if (!isNodeKind(kind))
    return <p className="bp-hint">{t('panels.inspector.unknownKind', { kind })}</p>;
  const spec = KINDS[kind];
  const params = spec.params.filter(
    (p) => !(kind === 'activation' && p.name === 'alpha' && node.data.params.fn !== 'leaky_relu'),
  );
  return (
    <div className="bp-inspector__node">
      <div className="bp-inspector__head">
        <span className="bp-palette__icon bp-kind" style={kindStyle(kind)}>
          <KindIcon kind={kind} size={20} />
        </span>
        <div>
          <div className="bp-inspector__kind">{t(spec.label)}</div>
          <div className="bp-inspector__id">{node.id}</div>
        </div>
      </div>
      <p className="bp-inspector__desc">{t(spec.description)}</p>
      {params.map((p) => (
        <ParamField
          key={`${node.id}:${p.name}:${String(node.data.params[p.name])}`}
          nodeId={node.id}
          kind={kind}
          spec={p}
          value={node.data.params[p.name]}
        />
      ))}
      {params.length === 0 && <p className="bp-hint">{t('panels.inspector.noParams')}</p>}
      {kind === 'input' && <ImageShapeHint id={node.id} params={node.data.params} />}
      {(kind === 'input' || kind === 'loss') && (
        <button type="button" onClick={() => void dispatch('data.panel')}>
          {t('panels.inspector.data')}
        </button>
      )}
      <dl className="bp-inspector__facts">
        <dt>{t('panels.inspector.output')}</dt>
        <dd data-testid="output-shape">{batchShape(dims ?? width)}</dd>
      </dl>
    </div>
  );
}

/**
 * The Input's image shape: features must be height · width · channels. Says so,
 * and offers to set features to the product when they differ.
 */
function ImageShapeHint({ id, params }: { id: string; params: Record<string, unknown> }) {
  const { t } = useTranslation();
  const setParam = useDocument((s) => s.setParam);
  const { height, width, channels, features } = params;
  const h = typeof height === 'number' ? height : undefined;
  const w = typeof width === 'number' ? width : undefined;
  const c = typeof channels === 'number' ? channels : 1;
  const product = h !== undefined && w !== undefined ? h * w * c : undefined;
  const fits = product === undefined || product === features;
  return (
    <div className="bp-inspector__image">
      <p className="bp-hint">{t('panels.inspector.imageHint')}</p>
      {!fits && validateParam('input', 'features', product) === null && (
        <button type="button" onClick={() => setParam(id, 'features', product)}>
          {t('panels.inspector.fillFeatures', { h, w, c, product })}
        </button>
      )}
    </div>
  );
}

function ParamField({
  nodeId,
  kind,
  spec,
  value,
}: {
  nodeId: string;
  kind: NodeKind;
  spec: ParamSpec;
  value: unknown;
}) {
  const id = useId();
  useTranslation();
  const setParam = useDocument((s) => s.setParam);
  const [error, setError] = useState<string | null>(null);

  if (spec.type !== 'boolean' && spec.type !== 'enum') {
    return (
      <NumberField
        label={translate(spec.label)}
        value={typeof value === 'number' ? value : undefined}
        limits={{ integer: spec.type === 'int' }}
        // The engine's own check: the inspector words a value as the compiler would.
        check={(n) => validateParam(kind, spec.name, n)}
        optional={spec.optional}
        placeholder={spec.default !== undefined ? String(spec.default) : undefined}
        doc={translate(spec.doc)}
        onCommit={(next) => setParam(nodeId, spec.name, next)}
      />
    );
  }

  const shown = value ?? spec.default;
  function apply(next: unknown) {
    const message = validateParam(kind, spec.name, next);
    setError(message);
    if (!message) setParam(nodeId, spec.name, next);
  }

  return (
    <div className={`bp-field${error ? ' has-error' : ''}`}>
      {spec.type === 'boolean' ? (
        <label className="bp-field__check" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={shown === true}
            onChange={(e) => apply(e.target.checked)}
          />
          {translate(spec.label)}
        </label>
      ) : (
        <>
          <label className="bp-field__label" htmlFor={id}>
            {translate(spec.label)}
          </label>
          <select id={id} value={String(shown ?? '')} onChange={(e) => apply(e.target.value)}>
            {shown === undefined && <option value="">—</option>}
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {optionText(kind, spec.name, o)}
              </option>
            ))}
          </select>
        </>
      )}
      {error ? (
        <p className="bp-field__error" role="alert">
          {error}
        </p>
      ) : (
        <p className="bp-field__doc">{translate(spec.doc)}</p>
      )}
    </div>
  );
}
