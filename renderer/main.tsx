import './zod-config';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import './styles/canvas.css';
import './styles/panels.css';
import { getApi } from './api/client';
import { attachListeners } from './api/listeners';
import { App } from './App';
import { startup } from './files/startup';

const api = getApi();
attachListeners(api);
void startup(api);
createRoot(document.getElementById('root')!).render(<App />);
