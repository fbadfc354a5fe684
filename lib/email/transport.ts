import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

let transporter: Transporter | undefined;

/** One SMTP transport per process: the mail catcher by default, SMTP_URL when set. */
export function mailTransport(): Transporter {
  transporter ??= nodemailer.createTransport(env().SMTP_URL);
  return transporter;
}
