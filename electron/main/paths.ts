// Paths of the built app. Every main-process module is bundled into out/main/index.js, so this file's
// directory is out/main (or app.asar/out/main when packaged).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const paths = {
  preload: join(here, '../preload/index.cjs'),
  rendererHtml: join(here, '../renderer/index.html'),
  engineEntry: join(here, 'engine.js'),
  /** resources/ is unpacked next to the asar in a packaged app (see electron-builder.yml). */
  resources: (resourcesPath: string | undefined, packaged: boolean) =>
    packaged && resourcesPath ? join(resourcesPath, 'resources') : join(here, '../../resources'),
};
