// Every /api route declares who may call it in its route config; a route without a rule fails at start-up,
// and the role-matrix test reads the same table.
import type { Permission } from '../domain/access.js';

export type AccessRule =
  | { readonly kind: 'public' }
  /** Any signed-in agent, whatever the role. */
  | { readonly kind: 'signed-in' }
  | { readonly kind: 'permission'; readonly permission: Permission };

export const PUBLIC: AccessRule = { kind: 'public' };
export const SIGNED_IN: AccessRule = { kind: 'signed-in' };
export const needs = (permission: Permission): AccessRule => ({ kind: 'permission', permission });

export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: AccessRule;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
}
