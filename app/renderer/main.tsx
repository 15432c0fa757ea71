import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
// A CJK font of our own: a machine without one would show Chinese as empty boxes.
import '@fontsource/noto-sans-sc/400.css';
import './styles.css';
import './training/training.css';
import { App } from './App';
import { getHost } from './host';
import { startLanguage } from './common/i18n';

const host = getHost();
startLanguage(host);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
