export class HealthResponse {
  /** ok when both the database and the queue answer (503 otherwise). */
  status!: 'ok' | 'degraded';
  /** The database answered SELECT 1 within 2 s. */
  database!: 'up' | 'down';
  /** The queue backend answered within 2 s. */
  queue!: 'up' | 'down';
}
