// The tray menu is drawn by main, outside the renderer's i18n: its few labels live here.
export function trayLabels(locale: string) {
  const fr = locale.toLowerCase().startsWith('fr');
  return fr
    ? {
        ask: 'Demander…',
        open: 'Ouvrir Lucarne',
        pause: 'Suspendre l’indexation',
        resume: 'Reprendre l’indexation',
        quit: 'Quitter',
      }
    : { ask: 'Ask…', open: 'Open Lucarne', pause: 'Pause indexing', resume: 'Resume indexing', quit: 'Quit' };
}
