// Where Lucarne keeps its database and vector index when nobody says otherwise. The CLI and the engine
// bootstrap share this so `lucarne status` sees what the desktop app indexed.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'Lucarne';

/** The OS application-data directory for Lucarne (not created here). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}

/** `--data DIR` wins, then `LUCARNE_DATA`, then the OS default. Always absolute. */
export function resolveDataDir(flag: string | boolean | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof flag === 'string' && flag.trim() !== '') return resolve(flag);
  if (env.LUCARNE_DATA && env.LUCARNE_DATA.trim() !== '') return resolve(env.LUCARNE_DATA);
  return defaultDataDir(env);
}
