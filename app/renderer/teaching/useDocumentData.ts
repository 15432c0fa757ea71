/**
 * The document's data for a view (Data tab, probe, fit): loaded through the
 * shared loader (`common/document-data.ts`, one load per file), null while it loads or
 * when what was loaded belongs to an older spec or path.
 */
import { useEffect, useState } from 'react';
import type { DataSpec } from '#src/model/types';
import { loadDocumentData, type DocumentData } from '../common/document-data';
import { useDocument } from '../store/document';

export function useDocumentData(): DocumentData | null {
  const spec = useDocument((s) => s.model.data);
  const path = useDocument((s) => s.path);
  const [loaded, setLoaded] = useState<{
    spec: DataSpec;
    path: string | null;
    value: DocumentData;
  } | null>(null);
  useEffect(() => {
    let alive = true;
    void loadDocumentData(spec, path).then((value) => alive && setLoaded({ spec, path, value }));
    return () => {
      alive = false;
    };
  }, [spec, path]);
  return loaded?.spec === spec && loaded.path === path ? loaded.value : null;
}
