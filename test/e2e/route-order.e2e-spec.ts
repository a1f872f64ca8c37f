import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}
interface Route {
  method: string;
  path: string;
}

/** Whether some request path matches both patterns (a `:param` segment matches any one segment). */
const overlap = (a: string[], b: string[]): boolean =>
  a.length === b.length && a.every((s, k) => s === b[k] || s.startsWith(':') || b[k].startsWith(':'));

/**
 * Express tries the routes in the order they were registered, one pattern after another, and Nest
 * registers them module by module in AppModule's order. The hot routes of the API workload (issue 8)
 * are registered first, so a request to them is matched after a handful of patterns, not a hundred;
 * and no route may be registered behind one that already answers its requests.
 */
describe('Route order (e2e)', () => {
  let app: INestApplication;
  let routes: Route[];

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApiApp } = require(join(__dirname, '../../dist/src/app.factory')) as {
      createApiApp: (o: { logs: boolean }) => Promise<INestApplication>;
    };
    app = await createApiApp({ logs: false });
    await app.init();
    const router = app.getHttpAdapter().getInstance().router as { stack: RouteLayer[] };
    routes = router.stack
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route!.methods).map((method) => ({ method, path: l.route!.path })));
  });
  afterAll(async () => app.close());

  const position = (method: string, path: string): number =>
    routes.findIndex((r) => r.method === method && r.path === path);

  it('registers the balance read, the reading submission and the payment post among the first routes', () => {
    const hot = [
      position('get', '/api/v1/accounts/:id/ledger'),
      position('post', '/api/v1/meters/:id/readings'),
      position('post', '/api/v1/payments'),
    ];
    expect(hot.every((i) => i >= 0)).toBe(true);
    // The docs' routes come before every module's; then the three modules' own dozen or so routes.
    expect(Math.max(...hot)).toBeLessThan(25);
    expect(routes.length).toBeGreaterThan(150);
  });

  it('leaves no route behind an earlier one that matches the same requests', () => {
    const shadowed: string[] = [];
    routes.forEach((later, j) => {
      const b = later.path.split('/').filter(Boolean);
      routes.slice(0, j).forEach((earlier) => {
        const a = earlier.path.split('/').filter(Boolean);
        // An earlier `:param` where the later route has a literal would take the later route's requests;
        // the reverse (a literal such as `verification-due` before `:id`) is the intended order.
        const takesIt = a.some((s, k) => s.startsWith(':') && !(b[k] ?? '').startsWith(':'));
        if (earlier.method === later.method && overlap(a, b) && (takesIt || earlier.path === later.path)) {
          shadowed.push(`${later.method} ${later.path} behind ${earlier.path}`);
        }
      });
    });
    expect(shadowed).toEqual([]);
  });
});
