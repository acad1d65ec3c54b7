// The join link for players, as text to copy and as a QR code to show on a
// screen at the table. The SVG comes from our own server's QR encoder, which
// is why it is trusted as markup; the box has a fixed size so a bad SVG
// cannot push the layout around.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';

async function copyText(text: string, fallbackNode: HTMLElement | null): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Over plain http on the LAN the async clipboard API does not exist; select the text instead.
  if (!fallbackNode) throw new Error('nothing to copy');
  const range = document.createRange();
  range.selectNodeContents(fallbackNode);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  if (!document.execCommand('copy')) throw new Error('copy refused — the link is selected, press Ctrl+C');
}

export function InvitePanel({ tableId }: { tableId: string }) {
  const invite = useQuery({ queryKey: queryKeys.invite(tableId), queryFn: () => api.invite(tableId), staleTime: Infinity });
  const [copyState, setCopyState] = useState<{ ok: boolean; message: string } | null>(null);
  const [urlNode, setUrlNode] = useState<HTMLElement | null>(null);

  const copy = (url: string): void => {
    copyText(url, urlNode).then(
      () => setCopyState({ ok: true, message: 'Copied' }),
      (error: unknown) => setCopyState({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  };

  return (
    <section className="panel invite">
      <h3>Invite</h3>
      <ErrorText error={invite.error} />
      {invite.data && (
        <div className="invite-body">
          <div className="qr" aria-label="Invite QR code" dangerouslySetInnerHTML={{ __html: invite.data.qrSvg }} />
          <div className="invite-link">
            <code data-testid="invite-url" ref={setUrlNode}>
              {invite.data.url}
            </code>
            <div className="row">
              <button type="button" onClick={() => invite.data && copy(invite.data.url)}>
                Copy link
              </button>
              {copyState?.ok && <span className="good">{copyState.message}</span>}
              {copyState && !copyState.ok && <ErrorText error={copyState.message} />}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
