import { Fragment } from 'react';

/** A search snippet whose matching words the engine wrapped in «…»: shown marked, without the guillemets. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/«([^»]*)»/);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity beyond their position
          <mark key={i} className="term">
            {p}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity beyond their position
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
