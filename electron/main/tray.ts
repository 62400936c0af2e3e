// The tray icon and its menu: Ask…, Open Lucarne, Pause indexing, Quit.
import { join } from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';

export interface TrayActions {
  ask(): void;
  open(): void;
  togglePause(): Promise<boolean>; // returns the new paused state
  quit(): void;
  labels: { ask: string; open: string; pause: string; resume: string; quit: string };
}

export function createTray(resourcesDir: string, actions: TrayActions): Tray {
  const icon = nativeImage.createFromPath(join(resourcesDir, 'tray.png'));
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
  tray.setToolTip('Lucarne');
  let paused = false;
  const render = () =>
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: actions.labels.ask, click: actions.ask },
        { label: actions.labels.open, click: actions.open },
        { type: 'separator' },
        {
          label: paused ? actions.labels.resume : actions.labels.pause,
          click: async () => {
            paused = await actions.togglePause();
            render();
          },
        },
        { type: 'separator' },
        { label: actions.labels.quit, click: actions.quit },
      ]),
    );
  render();
  tray.on('click', actions.ask);
  return tray;
}
