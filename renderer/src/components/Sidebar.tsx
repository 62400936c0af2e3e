// The left column: where you are (Chat, Library, Inspector, Settings) and your conversations by date.
import { useState } from 'react';
import { useConversations } from '../hooks/useConversations';
import { useFolders } from '../hooks/useFolders';
import { type MessageKey, useI18n } from '../i18n';
import { shortcutLabel } from '../lib/platform';
import type { Route } from '../lib/router';
import { ConversationMenu, RenameInput } from './ConversationMenu';
import { Icon, type IconName } from './Icon';

const NAV: { page: Route['page']; href: string; icon: IconName; label: MessageKey; key: string }[] = [
  { page: 'chat', href: '#/chat', icon: 'chat', label: 'nav.chat', key: '1' },
  { page: 'library', href: '#/library', icon: 'library', label: 'nav.library', key: '2' },
  { page: 'inspector', href: '#/inspector', icon: 'inspector', label: 'nav.inspector', key: '3' },
  { page: 'settings', href: '#/settings', icon: 'settings', label: 'nav.settings', key: ',' },
];

type Group = 'today' | 'yesterday' | 'week' | 'older';

function groupOf(iso: string): Group {
  const d = new Date(iso);
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const day = 86_400_000;
  if (d.getTime() >= start.getTime()) return 'today';
  if (d.getTime() >= start.getTime() - day) return 'yesterday';
  if (d.getTime() >= start.getTime() - 6 * day) return 'week';
  return 'older';
}

export function Sidebar({ route }: { route: Route }) {
  const { t, fmt } = useI18n();
  const { conversations } = useConversations();
  const { folders } = useFolders();
  const [renaming, setRenaming] = useState<number | null>(null);
  const currentId = route.page === 'chat' ? route.conversationId : null;

  const groups: { group: Group; items: NonNullable<typeof conversations> }[] = [];
  for (const c of conversations ?? []) {
    const g = groupOf(c.updatedAt);
    const last = groups[groups.length - 1];
    if (last?.group === g) last.items.push(c);
    else groups.push({ group: g, items: [c] });
  }
  const documents = folders?.reduce((n, f) => n + f.documents, 0) ?? 0;

  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="logo" />
        </span>
        <span className="brand-name">Lucarne</span>
      </div>
      <button
        type="button"
        className="palette-trigger"
        onClick={() => window.dispatchEvent(new CustomEvent('lucarne:palette'))}
      >
        <Icon name="search" />
        <span>{t('palette.open')}</span>
        <kbd className="kbd">{shortcutLabel('K')}</kbd>
      </button>
      <nav aria-label={t('nav.main')}>
        <ul className="nav-list">
          {NAV.map((item) => (
            <li key={item.page}>
              <a
                href={item.href}
                className={`nav-item${route.page === item.page ? ' is-current' : ''}`}
                aria-current={route.page === item.page ? 'page' : undefined}
              >
                <Icon name={item.icon} />
                <span className="nav-label">{t(item.label)}</span>
                <span className="nav-shortcut" aria-hidden="true">
                  {shortcutLabel(item.key)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <section className="sidebar-section" aria-labelledby="conversations-heading">
        <div className="sidebar-section-header">
          <h2 id="conversations-heading">{t('chat.conversations')}</h2>
          <a
            href="#/chat"
            className="icon-btn icon-btn-sm"
            title={`${t('chat.new')} (${shortcutLabel('N')})`}
            aria-label={t('chat.new')}
          >
            <Icon name="compose" />
          </a>
        </div>
        <div className="conversation-list">
          {conversations && conversations.length === 0 && <p className="sidebar-empty">{t('chat.noConversations')}</p>}
          {groups.map(({ group, items }) => (
            <div key={group} className="conversation-group">
              <h3 className="conversation-group-title">{t(`chat.group.${group}`)}</h3>
              <ul>
                {items.map((c) => (
                  <li key={c.id} className={`conversation-item${c.id === currentId ? ' is-current' : ''}`}>
                    {renaming === c.id ? (
                      <RenameInput conversation={c} onDone={() => setRenaming(null)} />
                    ) : (
                      <>
                        <a
                          href={`#/chat/${c.id}`}
                          className="conversation-link"
                          aria-current={c.id === currentId ? 'page' : undefined}
                          title={`${c.title} — ${fmt.dateTime(c.updatedAt)}`}
                          onDoubleClick={(e) => {
                            e.preventDefault();
                            setRenaming(c.id);
                          }}
                        >
                          {c.title}
                        </a>
                        <ConversationMenu conversation={c} onRename={() => setRenaming(c.id)} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>

      <footer className="sidebar-footer">
        <a href="#/library" className="sidebar-footer-link">
          <Icon name="folder" />
          <span>
            {folders === null
              ? '…'
              : t('library.summary', {
                  folders: folders.length,
                  documents: fmt.number(documents),
                  documentCount: documents,
                })}
          </span>
        </a>
      </footer>
    </aside>
  );
}
