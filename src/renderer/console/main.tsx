// Entry of the operator console page: one QueryClient for the whole page,
// so the live WebSocket can invalidate exactly what every panel shows.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiRequestError } from './api.ts';
import { App } from './App.tsx';
import { captureOperatorSecret } from './session.ts';
import './console.css';

// First: the operator secret leaves the URL before anything reads the hash.
captureOperatorSecret();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The WebSocket invalidates on every event, so cached data is fresh
      // until told otherwise; a short staleTime avoids refetch-on-focus storms.
      staleTime: 5_000,
      // Retrying a 4xx only repeats the same answer; retry network trouble.
      retry: (failures, error) => !(error instanceof ApiRequestError && error.status < 500) && failures < 3,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('console: #root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
