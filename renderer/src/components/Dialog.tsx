// Modal dialogs on the native <dialog>: the browser gives the focus trap, Escape to close and the inert
// background; we add the look and restore focus to whatever opened it.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useT } from '../i18n';
import { IconButton } from './Button';

interface DialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  onClose(): void;
  children?: ReactNode;
  footer?: ReactNode;
  width?: number;
  /** Render the body inside a form so Enter submits; the handler receives the submit event. */
  onSubmit?(): void;
}

export function Dialog({ open, title, description, onClose, children, footer, width, onSubmit }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const descId = useId();
  const t = useT();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      // showModal focuses the first control (the close button); start where the user is expected to act.
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  useEffect(
    () => () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    },
    [],
  );

  const close = () => {
    onClose();
    if (opener.current instanceof HTMLElement) opener.current.focus();
  };

  const body = (
    <>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <IconButton icon="x" label={t('common.close')} size="sm" onClick={close} />
      </header>
      <div className="dialog-body">
        {description && (
          <p id={descId} className="dialog-description">
            {description}
          </p>
        )}
        {children}
      </div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </>
  );

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      style={width ? { width } : undefined}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onMouseDown={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) {
          const r = ref.current.getBoundingClientRect();
          const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
          if (!inside) close();
        }
      }}
    >
      {open &&
        (onSubmit ? (
          <form
            method="dialog"
            onSubmit={(e) => {
              e.preventDefault();
              onSubmit();
            }}
          >
            {body}
          </form>
        ) : (
          body
        ))}
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog({ open, title, message, confirmLabel, danger, onConfirm, onClose }: ConfirmProps) {
  const t = useT();
  return (
    <Dialog
      open={open}
      title={title}
      description={message}
      onClose={onClose}
      width={420}
      onSubmit={() => {
        onConfirm();
        onClose();
      }}
      footer={
        <>
          {/* A destructive action starts on Cancel, so a stray Enter does no harm. */}
          <button
            type="button"
            className="btn btn-secondary btn-md"
            onClick={onClose}
            data-autofocus={danger || undefined}
          >
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className={`btn btn-md ${danger ? 'btn-danger' : 'btn-primary'}`}
            data-autofocus={!danger || undefined}
          >
            {confirmLabel}
          </button>
        </>
      }
    />
  );
}
