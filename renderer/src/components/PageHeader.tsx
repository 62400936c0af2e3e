import type { ReactNode } from 'react';
import { IndexingStatus } from './IndexingStatus';

/** The bar at the top of every page: its title, its own actions, and the indexer's live status. */
export function PageHeader({
  title,
  children,
  subtitle,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div className="page-title">
        <h1>{title}</h1>
        {subtitle && <span className="page-subtitle">{subtitle}</span>}
      </div>
      <div className="page-actions">{children}</div>
      <IndexingStatus />
    </header>
  );
}
