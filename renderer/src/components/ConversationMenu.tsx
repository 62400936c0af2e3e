// The actions on one conversation (rename, export to Markdown, delete), shared by the sidebar and the
// chat header.
import { useState } from 'react';
import { api } from '../api';
import { type Conversation, useConversations } from '../hooks/useConversations';
import { useT } from '../i18n';
import { downloadText } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { navigate, parseRoute } from '../lib/router';
import { ConfirmDialog } from './Dialog';
import { Menu } from './Menu';
import { useToast } from './Toasts';

export async function exportConversation(conversationId: number): Promise<string> {
  const { filename, markdown } = await api.call('conversations.export', { conversationId });
  downloadText(filename, markdown);
  return filename;
}

export function ConversationMenu({ conversation, onRename }: { conversation: Conversation; onRename(): void }) {
  const t = useT();
  const toast = useToast();
  const { refresh } = useConversations();
  const [confirming, setConfirming] = useState(false);

  return (
    <>
      <Menu
        label={t('chat.conversationActions', { title: conversation.title })}
        items={[
          { label: t('chat.rename'), icon: 'pencil', onSelect: onRename },
          {
            label: t('chat.export'),
            icon: 'download',
            onSelect: () =>
              exportConversation(conversation.id).then(
                (filename) => toast.push('success', t('chat.exported', { filename })),
                (err) => toast.push('error', errorMessage(err)),
              ),
          },
          { label: t('chat.delete'), icon: 'trash', danger: true, onSelect: () => setConfirming(true) },
        ]}
      />
      <ConfirmDialog
        open={confirming}
        title={t('chat.deleteTitle')}
        message={t('chat.deleteMessage', { title: conversation.title })}
        confirmLabel={t('chat.delete')}
        danger
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          api.call('conversations.delete', { conversationId: conversation.id }).then(
            () => {
              refresh();
              const route = parseRoute(window.location.hash);
              if (route.page === 'chat' && route.conversationId === conversation.id)
                navigate('#/chat', { replace: true });
              toast.push('success', t('chat.deleted'));
            },
            (err) => toast.push('error', errorMessage(err)),
          );
        }}
      />
    </>
  );
}

/** An inline title editor: Enter saves, Escape cancels, blur saves. */
export function RenameInput({
  conversation,
  onDone,
  className,
}: {
  conversation: Conversation;
  onDone(): void;
  className?: string;
}) {
  const t = useT();
  const toast = useToast();
  const { refresh } = useConversations();
  const [value, setValue] = useState(conversation.title);
  let settled = false;
  const commit = () => {
    if (settled) return;
    settled = true;
    const title = value.trim();
    if (!title || title === conversation.title) return onDone();
    api.call('conversations.rename', { conversationId: conversation.id, title: title.slice(0, 200) }).then(
      () => {
        refresh();
        onDone();
      },
      (err) => {
        toast.push('error', errorMessage(err));
        onDone();
      },
    );
  };
  return (
    <input
      className={`input input-sm rename-input${className ? ` ${className}` : ''}`}
      aria-label={t('chat.renameLabel')}
      value={value}
      maxLength={200}
      // biome-ignore lint/a11y/noAutofocus: the user just asked to rename; the field is where they type
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          settled = true;
          onDone();
        }
      }}
    />
  );
}
