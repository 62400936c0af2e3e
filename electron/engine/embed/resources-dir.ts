// Where Lucarne's bundled resources live. Packaged Electron apps pass process.resourcesPath + '/resources';
// everything else (dev, CLI, tests) finds the repository's resources/ next to package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | null = null;

function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('Cannot find Lucarne resources: no package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The explicit option wins, then env LUCARNE_RESOURCES, then <folder holding package.json>/resources. */
export function resolveResourcesDir(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.LUCARNE_RESOURCES) return process.env.LUCARNE_RESOURCES;
  return join(projectRoot(), 'resources');
}
