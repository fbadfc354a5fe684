/**
 * Which orgs one pass of a reconcile covers, and how it asks Stripe about them: a full run lists the whole account
 * once (a hundred objects a call, whatever the number of orgs); an org's own run, and customers the account-wide
 * lists leave out (those on test clocks), list by customer.
 */
export type ReconcileScope = {
  /** The org each covered Stripe customer belongs to; objects of other customers are not this pass's. */
  orgByCustomer: ReadonlyMap<string, string>;
  /** Added to every list request of the pass. */
  listFilter: { customer?: string };
};

export const customerScope = (org: { id: string; stripeCustomerId: string }): ReconcileScope => ({
  orgByCustomer: new Map([[org.stripeCustomerId, org.id]]),
  listFilter: { customer: org.stripeCustomerId },
});

export const accountScope = (orgs: { id: string; stripeCustomerId: string }[]): ReconcileScope => ({
  orgByCustomer: new Map(orgs.map((o) => [o.stripeCustomerId, o.id])),
  listFilter: {},
});

export const orgIdsOf = (scope: ReconcileScope) => [...new Set(scope.orgByCustomer.values())];
