import 'reflect-metadata';
import { Controller, Delete, Get, Module, Patch, Post, Put } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AppModule } from 'src/app.module';
import { LedgerController } from 'src/modules/ledger/ledger.controller';
import { PaymentsController } from 'src/modules/payments/payments.controller';
import { ReadingsController } from 'src/modules/readings/readings.controller';
import { AuditInterceptor } from './audit.interceptor';
import {
  auditMutatingRoutes,
  AuditedRoutesCheck,
  controllersOf,
  isAudited,
  routeHandlers,
} from './audited-routes';

@Controller('things')
class ThingsController {
  @Get() list(): void {}
  @Post() create(): void {}
  @Put(':id') replace(): void {}
  @Patch(':id') change(): void {}
  @Delete(':id') remove(): void {}
  helper(): void {}
}

@Controller('more')
class MoreThingsController extends ThingsController {
  @Post('extra') extra(): void {}
}

@Controller('late')
class LateController {
  @Post() create(): void {}
}

@Module({ controllers: [MoreThingsController] })
class InnerModule {}

@Module({})
class DynamicHost {}

@Module({
  imports: [
    { forwardRef: () => InnerModule },
    { module: DynamicHost, controllers: [ThingsController] },
    Promise.resolve({ module: DynamicHost, controllers: [LateController] }) as never,
  ],
})
class RootModule {}

describe('audit on state-changing routes only', () => {
  it('audits every POST, PUT, PATCH and DELETE handler of the application, and no GET', () => {
    const controllers = controllersOf(AppModule);
    expect(controllers).toEqual(
      expect.arrayContaining([PaymentsController, LedgerController, ReadingsController]),
    );
    let mutating = 0;
    let reads = 0;
    for (const c of controllers) {
      for (const { name, handler } of routeHandlers(c)) {
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as number;
        const audited = isAudited(handler);
        if (method === 0) {
          reads += 1;
          expect({ route: `${c.name}.${name}`, audited }).toEqual({
            route: `${c.name}.${name}`,
            audited: false,
          });
        } else {
          mutating += 1;
          expect({ route: `${c.name}.${name}`, audited }).toEqual({
            route: `${c.name}.${name}`,
            audited: true,
          });
        }
      }
    }
    expect(mutating).toBeGreaterThan(50);
    expect(reads).toBeGreaterThan(50);
    expect(isAudited(PaymentsController.prototype.create as never)).toBe(true);
    expect(isAudited(LedgerController.prototype.account as never)).toBe(false);
  });

  it('finds controllers through forward references and dynamic modules, and marks each handler once', () => {
    expect(new Set(controllersOf(RootModule))).toEqual(new Set([MoreThingsController, ThingsController]));
    auditMutatingRoutes(RootModule);
    auditMutatingRoutes(RootModule);
    const p = ThingsController.prototype;
    for (const h of [p.create, p.replace, p.change, p.remove, MoreThingsController.prototype.extra]) {
      expect(Reflect.getMetadata('__interceptors__', h)).toEqual([AuditInterceptor]);
    }
    expect(Reflect.getMetadata('__interceptors__', p.list)).toBeUndefined();
    expect(Reflect.getMetadata('__interceptors__', p.helper)).toBeUndefined();
    expect(routeHandlers(MoreThingsController).map((r) => r.name)).toEqual(
      expect.arrayContaining(['extra', 'list', 'create', 'replace', 'change', 'remove']),
    );
  });

  it('refuses to start with a state-changing route that is not audited', () => {
    const container = (controllers: unknown[]) =>
      new Map([
        ['m', { controllers: new Map(controllers.map((c, i) => [i, { metatype: c }])) }],
      ]) as unknown as ModulesContainer;
    expect(() => new AuditedRoutesCheck(container([ThingsController]))).not.toThrow();
    expect(() => new AuditedRoutesCheck(container([ThingsController, LateController]))).toThrow(
      'state-changing routes without the audit interceptor: LateController.create',
    );
  });
});
