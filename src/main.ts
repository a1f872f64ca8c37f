import 'reflect-metadata';
import { createApiApp } from './app.factory';
import { ConfigValidationError, loadConfig } from './config/configuration';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp();
  await app.listen(config.port);
}

bootstrap().catch((e: unknown) => {
  console.error(e instanceof ConfigValidationError ? e.message : e);
  process.exit(1);
});
