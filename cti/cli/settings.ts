import { ConfigError, loadSettings } from '../config/load.js';
import type { Settings } from '../config/settings.js';
import { CliFailure, EXIT } from './io.js';

/** Same settings as the daemon (env, then `--config FILE`); every problem on its own line, exit 2. */
export function loadCliSettings(env: NodeJS.ProcessEnv, configFile: string | undefined): Settings {
  try {
    return loadSettings(env, configFile);
  } catch (err) {
    if (err instanceof ConfigError)
      throw new CliFailure(
        EXIT.config,
        err.problems.map((p) => `config: ${p}`),
      );
    throw err;
  }
}
