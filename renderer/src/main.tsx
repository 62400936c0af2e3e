import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyInitialTheme } from './hooks/useTheme';
import { startChatStore } from './lib/chatStore';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/layout.css';
import './styles/chat.css';
import './styles/check.css';
import './styles/library.css';
import './styles/source.css';
import './styles/inspector.css';
import './styles/settings.css';
import './styles/models.css';
import './styles/model-choice.css';

applyInitialTheme();
startChatStore();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
