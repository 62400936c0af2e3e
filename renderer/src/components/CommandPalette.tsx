// Ctrl/⌘+K: jump anywhere by typing — a page, an action or a conversation — without the mouse.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useAppState } from '../hooks/useAppState';
import { useConversations } from '../hooks/useConversations';
import { useEffectiveTheme } from '../hooks/useTheme';
import { useT } from '../i18n';
import { hasModifier, shortcutLabel } from '../lib/platform';
import { navigate } from '../lib/router';
import { normalize } from '../lib/textMatch';
import { Icon, type IconName } from './Icon';

interface Command {
  id: string;
  label: string;
  hint?: string;
  icon: IconName;
  group: string;
  run(): void;
}

export function CommandPalette() {
  const t = useT();
  const { conversations } = useConversations();
  const { updateSettings } = useAppState();
  const theme = useEffectiveTheme();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const listId = useId();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (hasModifier(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    const onOpen = () => setOpen(true);
    window.addEventListener('keydown', onKey);
    window.addEventListener('lucarne:palette', onOpen);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('lucarne:palette', onOpen);
    };
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setQuery('');
      setActive(0);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);

  const commands = useMemo<Command[]>(() => {
    const go = t('palette.goTo');
    const act = t('palette.actions');
    const base: Command[] = [
      {
        id: 'new',
        label: t('chat.new'),
        hint: shortcutLabel('N'),
        icon: 'compose',
        group: act,
        run: () => navigate('#/chat'),
      },
      {
        id: 'add',
        label: t('library.addFolder'),
        icon: 'folderPlus',
        group: act,
        run: () => navigate('#/library'),
      },
      {
        id: 'theme',
        label: theme === 'dark' ? t('palette.lightTheme') : t('palette.darkTheme'),
        icon: theme === 'dark' ? 'sun' : 'moon',
        group: act,
        run: () => void updateSettings({ theme: theme === 'dark' ? 'light' : 'dark' }).catch(() => {}),
      },
      {
        id: 'chat',
        label: t('nav.chat'),
        hint: shortcutLabel('1'),
        icon: 'chat',
        group: go,
        run: () => navigate('#/chat'),
      },
      {
        id: 'library',
        label: t('nav.library'),
        hint: shortcutLabel('2'),
        icon: 'library',
        group: go,
        run: () => navigate('#/library'),
      },
      {
        id: 'inspector',
        label: t('nav.inspector'),
        hint: shortcutLabel('3'),
        icon: 'inspector',
        group: go,
        run: () => navigate('#/inspector'),
      },
      {
        id: 'settings',
        label: t('nav.settings'),
        hint: shortcutLabel(','),
        icon: 'settings',
        group: go,
        run: () => navigate('#/settings'),
      },
      {
        id: 'prompt',
        label: t('settings.section.prompt'),
        icon: 'fileText',
        group: go,
        run: () => navigate('#/settings/prompt'),
      },
    ];
    const convs: Command[] = (conversations ?? []).slice(0, 200).map((c) => ({
      id: `c${c.id}`,
      label: c.title,
      icon: 'chat',
      group: t('chat.conversations'),
      run: () => navigate(`#/chat/${c.id}`),
    }));
    return [...base, ...convs];
  }, [t, theme, conversations, updateSettings]);

  const shown = useMemo(() => {
    const q = normalize(query);
    if (!q)
      return commands
        .filter((c) => !c.id.startsWith('c'))
        .concat(commands.filter((c) => c.id.startsWith('c')).slice(0, 8));
    return commands.filter((c) => normalize(c.label).includes(q)).slice(0, 50);
  }, [commands, query]);

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const run = (c: Command | undefined) => {
    if (!c) return;
    setOpen(false);
    c.run();
  };

  let lastGroup = '';
  return (
    <dialog
      ref={dialog}
      className="palette"
      aria-label={t('palette.label')}
      onClose={() => setOpen(false)}
      onMouseDown={(e) => {
        if (e.target === dialog.current) setOpen(false);
      }}
    >
      {open && (
        <>
          <div className="palette-search">
            <Icon name="search" />
            <input
              className="palette-input"
              role="combobox"
              aria-expanded="true"
              aria-controls={listId}
              aria-activedescendant={shown[active] ? `${listId}-${active}` : undefined}
              aria-autocomplete="list"
              placeholder={t('palette.placeholder')}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  setActive((a) => Math.min(shown.length - 1, a + 1));
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  setActive((a) => Math.max(0, a - 1));
                } else if (e.key === 'Enter') {
                  e.preventDefault();
                  run(shown[active]);
                }
              }}
            />
            <kbd className="kbd">Esc</kbd>
          </div>
          <div className="palette-list" id={listId} role="listbox" ref={list} aria-label={t('palette.label')}>
            {shown.length === 0 && <p className="palette-empty">{t('palette.noResult')}</p>}
            {shown.map((c, i) => {
              const header = c.group !== lastGroup ? c.group : null;
              lastGroup = c.group;
              return (
                <div key={c.id} role="presentation">
                  {header && (
                    <div className="palette-group" role="presentation">
                      {header}
                    </div>
                  )}
                  <div
                    id={`${listId}-${i}`}
                    role="option"
                    tabIndex={-1}
                    aria-selected={i === active}
                    data-index={i}
                    className={`palette-item${i === active ? ' is-active' : ''}`}
                    onMouseMove={() => setActive(i)}
                    onClick={() => run(c)}
                    onKeyDown={() => {}}
                  >
                    <Icon name={c.icon} />
                    <span className="palette-label">{c.label}</span>
                    {c.hint && <span className="palette-hint">{c.hint}</span>}
                  </div>
                </div>
              );
            })}
          </div>
        </>
      )}
    </dialog>
  );
}
