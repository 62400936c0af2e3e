// A small dropdown menu with the keyboard behaviour of a native one: arrows move, Enter activates,
// Escape and Tab close and give the focus back to the button.
import { type CSSProperties, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Icon, type IconName } from './Icon';

export interface MenuItem {
  label: string;
  icon?: IconName;
  danger?: boolean;
  disabled?: boolean;
  onSelect(): void;
}

interface MenuProps {
  label: string;
  items: MenuItem[];
  trigger?: ReactNode;
  align?: 'start' | 'end';
  className?: string;
}

export function Menu({ label, items, trigger, align = 'end', className }: MenuProps) {
  const [open, setOpen] = useState(false);
  // Fixed to the viewport, so no scrolling list or clipped pane can cut the menu off.
  const [place, setPlace] = useState<CSSProperties>({});
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!listRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node))
        setOpen(false);
    };
    const onMove = () => setOpen(false);
    document.addEventListener('mousedown', onDown);
    window.addEventListener('resize', onMove);
    document.addEventListener('scroll', onMove, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('resize', onMove);
      document.removeEventListener('scroll', onMove, true);
    };
  }, [open]);

  useEffect(() => {
    if (open)
      listRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus({ preventScroll: true });
  }, [open, active]);

  const openMenu = () => {
    const r = buttonRef.current?.getBoundingClientRect();
    if (r) {
      const below = window.innerHeight - r.bottom > 40 + items.length * 32;
      setPlace({
        position: 'fixed',
        ...(below ? { top: r.bottom + 4 } : { bottom: window.innerHeight - r.top + 4 }),
        ...(align === 'end' ? { right: Math.max(8, window.innerWidth - r.right) } : { left: Math.max(8, r.left) }),
      });
    }
    setOpen(true);
  };

  const close = (focusButton = true) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };
  const enabled = items.map((it, i) => (it.disabled ? -1 : i)).filter((i) => i >= 0);
  const move = (delta: number) => {
    const at = enabled.indexOf(active);
    setActive(enabled[(at + delta + enabled.length) % enabled.length] ?? 0);
  };

  return (
    <div className={`menu-wrap${className ? ` ${className}` : ''}`}>
      <button
        ref={buttonRef}
        type="button"
        className={`icon-btn icon-btn-sm${open ? ' is-active' : ''}`}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={(e) => {
          e.stopPropagation();
          setActive(enabled[0] ?? 0);
          if (open) setOpen(false);
          else openMenu();
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(e.key === 'ArrowDown' ? (enabled[0] ?? 0) : (enabled[enabled.length - 1] ?? 0));
            openMenu();
          }
        }}
      >
        {trigger ?? <Icon name="more" />}
      </button>
      {open && (
        <div
          ref={listRef}
          id={id}
          role="menu"
          aria-label={label}
          className="menu"
          style={place}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              move(1);
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              move(-1);
            } else if (e.key === 'Home') {
              e.preventDefault();
              setActive(enabled[0] ?? 0);
            } else if (e.key === 'End') {
              e.preventDefault();
              setActive(enabled[enabled.length - 1] ?? 0);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            } else if (e.key === 'Tab') {
              close(false);
            }
          }}
        >
          {items.map((item, i) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              disabled={item.disabled}
              className={`menu-item${item.danger ? ' is-danger' : ''}`}
              onMouseEnter={() => !item.disabled && setActive(i)}
              onClick={(e) => {
                e.stopPropagation();
                close();
                item.onSelect();
              }}
            >
              {item.icon && <Icon name={item.icon} />}
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
