/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007; BTYDplus `mbgnbd.*`, lifetimes' ModifiedBetaGeoFitter):
 * BG/NBD where a customer may also drop out right after the first purchase, at time 0. The formulas are
 * BG/NBD's with b + x − 1 replaced by b + x everywhere (see `_betaGeo.ts`), so this module binds shift = 1.
 */
import type { Ctx } from '../core/_validate.js';
import * as core from './_betaGeo.js';
import type { BetaGeoParams } from './_betaGeo.js';

/** P(alive | x, t_x, T) = 1 / (1 + a/(b + x) · ((α+T)/(α+t_x))^(r+x)); below 1 even at x = 0. */
export function probabilityAliveKernel(p: BetaGeoParams): (x: number, tx: number, T: number) => number {
  return core.probabilityAliveKernel(p, 1);
}

/**
 * E[X(t) | x, t_x, T] = (a + b + x)/(a − 1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; z)] · P(alive).
 */
export function expectedPurchasesKernel(ctx: Ctx, p: BetaGeoParams, t: number): (x: number, tx: number, T: number) => number {
  return core.expectedPurchasesKernel(ctx, p, 1, t);
}

/** E[X(t)] = b/(a − 1) · [1 − (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))]. */
export function expectedPurchasesNewCustomer(ctx: Ctx, p: BetaGeoParams, t: number): number {
  return core.expectedPurchasesNewCustomer(ctx, p, 1, t);
}

/**
 * P(X(t) = n) = B(a, b+n+1)/B(a, b) · NB(n) + B(a+1, b+n)/B(a, b) · P(NB >= n): the customer is alive at
 * t after n + 1 survived dropout chances (at 0 and after each purchase), or dropped out right after the
 * n-th repeat purchase (n = 0: at time 0), which happened before t.
 */
export function purchaseCountProbability(p: BetaGeoParams, t: number, n: number): number {
  return core.purchaseCountProbability(p, 1, t, n);
}
