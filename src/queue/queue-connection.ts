import { ConnectionOptions, createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import { AppConfig } from 'src/config/configuration';

/**
 * The BullMQ connection for the configured backend. Redis in production; PostgreSQL (BullMQ 6's
 * own backend, schema `bullmq`) for the embedded default, so a machine with no Redis binary runs
 * the same queue code. @nestjs/bullmq cannot pick a backend yet, so the process-wide default
 * backend factory is switched here, before any queue or worker is built.
 */
export function queueConnection(config: AppConfig): ConnectionOptions {
  if (config.queue.backend === 'postgres') {
    setDefaultBackendFactory(createPostgresBackend);
    return {
      connectionString: config.database.url,
      schema: 'bullmq',
      migrate: true,
      max: 5,
    } as unknown as ConnectionOptions;
  }
  setDefaultBackendFactory(undefined);
  const url = new URL(config.queue.redisUrl!);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    // Workers must never give up on a command (BullMQ's documented production setting).
    maxRetriesPerRequest: null,
  };
}

/** Redis Cluster-safe prefix (hash tag keeps a queue's keys in one slot). */
export function queuePrefix(config: AppConfig): string {
  return `{${config.queue.prefix}}`;
}
