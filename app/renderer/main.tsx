import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Every stylesheet, in cascade order (styles.css lists them).
import './styles.css';
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
