// Entry of the player page served at /player/.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './player.css';
import './board.css';
import './games.css';

const root = document.getElementById('root');
if (!root) throw new Error('player: #root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
