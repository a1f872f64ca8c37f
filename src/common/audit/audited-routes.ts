import { Injectable, RequestMethod, Type } from '@nestjs/common';
import {
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  MODULE_METADATA,
  PATH_METADATA,
} from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AuditInterceptor } from './audit.interceptor';

/** Route methods that can change state: their handlers run inside the audit interceptor. */
const MUTATING_ROUTE = new Set<RequestMethod>([
  RequestMethod.POST,
  RequestMethod.PUT,
  RequestMethod.PATCH,
  RequestMethod.DELETE,
  RequestMethod.ALL,
]);

type Handler = (...args: unknown[]) => unknown;

/** The route handlers of a controller class (its own and inherited methods carrying a route). */
export function routeHandlers(controller: Type<unknown>): { name: string; handler: Handler }[] {
  const found: { name: string; handler: Handler }[] = [];
  const seen = new Set<string>();
  for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || seen.has(name)) continue;
      seen.add(name);
      const value = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (typeof value === 'function' && Reflect.hasMetadata(PATH_METADATA, value)) {
        found.push({ name, handler: value as Handler });
      }
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return found;
}

function isMutating(handler: Handler): boolean {
  return MUTATING_ROUTE.has(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod);
}

function interceptorsOf(handler: Handler): unknown[] {
  return (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
}

/** Whether the audit interceptor runs around this handler. */
export function isAudited(handler: Handler): boolean {
  return interceptorsOf(handler).includes(AuditInterceptor);
}

/**
 * Puts the audit interceptor first on every state-changing route (POST, PUT, PATCH, DELETE, ALL) of
 * every controller reachable from `root`, as `@UseInterceptors(AuditInterceptor)` written on each would
 * (Nest then makes it an injectable of the controller's module). Reads get no interceptor at all: a
 * global interceptor made every request, reads included, pay for Nest's interceptor chain (an
 * execution context, two rxjs `defer`s and two `AsyncResource.bind`s per request). Runs when the
 * module file is loaded, before Nest scans it; idempotent. `AuditedRoutesCheck` refuses to start an
 * application with a state-changing route outside it.
 */
export function auditMutatingRoutes(root: Type<unknown>): void {
  for (const controller of controllersOf(root)) {
    for (const { handler } of routeHandlers(controller)) {
      if (isMutating(handler) && !isAudited(handler)) {
        Reflect.defineMetadata(
          INTERCEPTORS_METADATA,
          [AuditInterceptor, ...interceptorsOf(handler)],
          handler,
        );
      }
    }
  }
}

/** Controllers of a module and of every module it imports (static and dynamic imports). */
export function controllersOf(root: Type<unknown>): Type<unknown>[] {
  const controllers = new Set<Type<unknown>>();
  const visited = new Set<unknown>();
  const visit = (item: unknown): void => {
    if (!item || visited.has(item)) return;
    visited.add(item);
    if (typeof item === 'function') {
      const cls = item as Type<unknown>;
      for (const c of (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type<unknown>[]) ?? [])
        controllers.add(c);
      for (const i of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as unknown[]) ?? []) visit(i);
      return;
    }
    if (typeof item !== 'object') return;
    const o = item as {
      forwardRef?: () => unknown;
      module?: unknown;
      controllers?: unknown[];
      imports?: unknown[];
    };
    if (typeof o.forwardRef === 'function') return visit(o.forwardRef());
    // A dynamic module: its own lists, then its class.
    for (const c of o.controllers ?? []) controllers.add(c as Type<unknown>);
    for (const i of o.imports ?? []) visit(i);
    visit(o.module);
  };
  visit(root);
  return [...controllers];
}

/**
 * Refuses to start the API when a state-changing route of any loaded controller is not audited (a
 * controller that `auditMutatingRoutes` did not reach, e.g. one of a module imported asynchronously).
 */
@Injectable()
export class AuditedRoutesCheck {
  constructor(modules: ModulesContainer) {
    const missing: string[] = [];
    for (const mod of modules.values()) {
      for (const wrapper of mod.controllers.values()) {
        const controller = wrapper.metatype as Type<unknown> | null;
        if (!controller) continue;
        for (const { name, handler } of routeHandlers(controller)) {
          if (isMutating(handler) && !isAudited(handler)) missing.push(`${controller.name}.${name}`);
        }
      }
    }
    if (missing.length > 0) {
      throw new Error(`state-changing routes without the audit interceptor: ${missing.join(', ')}`);
    }
  }
}
