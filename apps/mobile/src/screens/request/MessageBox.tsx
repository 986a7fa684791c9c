import { api, bodyOf } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../../api/keys';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import type { RequestLoc } from '../../requests/useRequests';

const MESSAGE_MAX = 2000;

const draftKey = (loc: RequestLoc) =>
  `anxiao.request.message.${'id' in loc ? `id:${loc.id}` : `token:${loc.token}`}`;

function readStored(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function writeStored(key: string, value: string): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // Storage disabled: the message stays in the box while the page is open.
  }
}

export function MessageBox({ loc, closed }: { loc: RequestLoc; closed: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const key = draftKey(loc);
  // Kept on the phone as it is written: a message that fails to go is not lost.
  const [body, setBody] = useState(() => readStored(key));
  useEffect(() => writeStored(key, body), [key, body]);

  const send = useMutation({
    mutationFn: (text: string) =>
      'id' in loc
        ? bodyOf(
            api.POST('/api/my/requests/{id}/messages', {
              params: { path: { id: loc.id } },
              body: { body: text },
            }),
          )
        : bodyOf(
            api.POST('/api/requests/track/{token}/messages', {
              params: { path: { token: loc.token } },
              body: { body: text },
            }),
          ),
    onSuccess: (tracked) => {
      queryClient.setQueryData(queryKeys.tracked(loc), tracked);
      setBody('');
    },
  });

  if (closed) return <p className="hint">{t('request.messageClosed')}</p>;
  const text = body.trim();
  return (
    <section className="card form">
      <label className="field">
        <span className="field-label">{t('request.message')}</span>
        <textarea
          value={body}
          rows={3}
          maxLength={MESSAGE_MAX}
          placeholder={t('request.messagePlaceholder')}
          data-testid="request-message"
          onChange={(e) => {
            setBody(e.target.value);
            send.reset();
          }}
        />
      </label>
      {send.error && (
        <p className="error" role="alert">
          {t('request.messageFailed', { message: errorMessage(send.error, t) })}
        </p>
      )}
      <button
        type="button"
        className="button primary"
        data-testid="request-message-send"
        disabled={!text || send.isPending}
        onClick={() => send.mutate(text)}
      >
        {send.isPending ? t('request.sending') : t('request.send')}
      </button>
    </section>
  );
}
