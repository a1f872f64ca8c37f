import 'reflect-metadata';
import cluster from 'node:cluster';
import { createApiApp } from './app.factory';
import { runApiCluster } from './common/cluster/api-cluster';
import { ConfigValidationError, loadConfig } from './config/configuration';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // API_PROCESSES > 1: this process only hands the port's connections to that many API processes.
  if (config.apiProcesses > 1 && cluster.isPrimary) return runApiCluster(config.apiProcesses);
  const app = await createApiApp();
  await app.listen(config.port);
}

bootstrap().catch((e: unknown) => {
  console.error(e instanceof ConfigValidationError ? e.message : e);
  process.exit(1);
});
