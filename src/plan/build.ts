import { loadFilterListClassifier, loadGhosteryClassifier } from '../classify/loaders.js';
import { ConfigError, loadConfig, resolveRuleConfig } from './config.js';
import { planFromArgs, UsageError, type ScanArgs } from './from-args.js';
import type { ScanPlan } from './plan.js';

/**
 * The complete plan: arguments, then the config file (explicit --config, else one found in the
 * working directory), then the optional classifiers. Every problem is a UsageError: one line, exit 2.
 */
export async function buildPlan(args: ScanArgs, cwd = process.cwd()): Promise<ScanPlan> {
  const plan = planFromArgs(args);
  try {
    const { path, config } = await loadConfig(args.config, cwd);
    plan.ruleConfig = resolveRuleConfig(config);
    plan.configPath = path;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (args.trackerDb !== undefined) {
    if (args.trackerDb !== 'ghostery') throw new UsageError(`--tracker-db: "${args.trackerDb}" is not supported (available: ghostery)`);
    plan.classifiers.push(await loadOrExplain(() => loadGhosteryClassifier()));
  }
  const filterLists = (args.filterList ?? []).map(String);
  if (filterLists.length) plan.classifiers.push(await loadOrExplain(() => loadFilterListClassifier(filterLists)));
  return plan;
}

async function loadOrExplain<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}
