export default async function globalTeardown(): Promise<void> {
  const teardown = (globalThis as { __abonentTeardown?: () => Promise<void> }).__abonentTeardown;
  if (teardown) await teardown();
}
