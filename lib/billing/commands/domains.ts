import { z } from "zod";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A custom domain: a lower-cased host name with at least two labels and an alphabetic top level, no scheme or path. */
export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, "A domain is at most 253 characters.")
  .refine((value) => {
    const labels = value.split(".");
    return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /^[a-z]{2,63}$/.test(labels.at(-1)!);
  }, "Enter a domain name such as billing.example.com (no http:// and no path).");
