import "server-only";
import { linkCustomerToOrg } from "@/lib/customers/link-customer";
import { objectId, type Handlers } from "./handler";

export const customerHandlers = {
  "customer.created": (event, options) => linkCustomerToOrg(objectId(event), options.cause),
} satisfies Handlers;
