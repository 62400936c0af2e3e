// Form controls with the app's look: segmented choice, switch, labelled field.
import { type ReactNode, useId } from 'react';
import { Icon, type IconName } from './Icon';

interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  options: { value: NoInfer<T>; label: string; icon?: IconName; count?: number | null }[];
  onChange(value: NoInfer<T>): void;
  size?: 'sm' | 'md';
}

/** A radio group drawn as a segmented control; arrows move the choice, as in any radio group. */
export function Segmented<T extends string>({ label, value, options, onChange, size = 'md' }: SegmentedProps<T>) {
  const name = useId();
  return (
    <div className={`segmented segmented-${size}`} role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.value} className={`segmented-option${o.value === value ? ' is-checked' : ''}`}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={o.value === value}
            onChange={() => onChange(o.value)}
          />
          {o.icon && <Icon name={o.icon} />}
          <span>{o.label}</span>
          {o.count !== undefined && o.count !== null && <span className="segmented-count">{o.count}</span>}
        </label>
      ))}
    </div>
  );
}

interface SwitchProps {
  checked: boolean;
  onChange(checked: boolean): void;
  label: string;
  disabled?: boolean;
  id?: string;
}

export function Switch({ checked, onChange, label, disabled, id }: SwitchProps) {
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      className={`switch${checked ? ' is-on' : ''}`}
      onClick={() => onChange(!checked)}
    >
      <span className="switch-thumb" />
    </button>
  );
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: (id: string, describedBy: string | undefined) => ReactNode;
  inline?: boolean;
}

/** A label, a control and its help text, wired together with ids for assistive technology. */
export function Field({ label, hint, error, children, inline }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const describedBy = hint || error ? hintId : undefined;
  return (
    <div className={`field${inline ? ' field-inline' : ''}`}>
      <div className="field-text">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        {(hint || error) && (
          <div id={hintId} className={error ? 'field-error' : 'field-hint'}>
            {error ?? hint}
          </div>
        )}
      </div>
      <div className="field-control">{children(id, describedBy)}</div>
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  children,
  actions,
  className,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <div className={`empty-state${className ? ` ${className}` : ''}`}>
      <div className="empty-state-icon">
        <Icon name={icon} />
      </div>
      <h2>{title}</h2>
      {children && <div className="empty-state-text">{children}</div>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  );
}
