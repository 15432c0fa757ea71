/**
 * The cycles of a graph, for the compiler's message: Tarjan's strongly
 * connected components, each reported as a shortest cycle through its first node.
 */

/** Elementary cycles among the given nodes, one per strongly connected component (Tarjan). */
export function findCycles(
  candidates: Set<string>,
  outgoing: Map<string, { target: string }[]>,
): { path: string[]; members: string[] }[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: { path: string[]; members: string[] }[] = [];
  let counter = 0;
  const next = (id: string) =>
    outgoing
      .get(id)!
      .map((e) => e.target)
      .filter((t) => candidates.has(t));
  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const t of next(id)) {
      if (!index.has(t)) {
        visit(t);
        low.set(id, Math.min(low.get(id)!, low.get(t)!));
      } else if (onStack.has(t)) low.set(id, Math.min(low.get(id)!, index.get(t)!));
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        component.push(top);
      } while (top !== id);
      if (component.length > 1 || next(id).includes(id)) cycles.push(orderCycle(component, next));
    }
  };
  for (const id of candidates) if (!index.has(id)) visit(id);
  return cycles;
}

/** A shortest cycle through the component's first node (breadth-first), for the message. */
function orderCycle(
  component: string[],
  next: (id: string) => string[],
): { path: string[]; members: string[] } {
  const inComponent = new Set(component);
  const start = component[0];
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0 && !parent.has(start)) {
    const at = queue.shift()!;
    for (const t of next(at)) {
      if (!inComponent.has(t) || parent.has(t)) continue;
      parent.set(t, at);
      queue.push(t);
    }
  }
  const path: string[] = [];
  for (let at = parent.get(start)!; at !== start; at = parent.get(at)!) path.unshift(at);
  return { path: [start, ...path], members: component };
}
