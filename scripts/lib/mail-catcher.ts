// MailDev, the mail catcher `npm start` and the tests send email to: SMTP and its inbox (web and REST), on loopback only.
import path from "node:path";
import { startManaged } from "./processes";

export function startMailCatcher(root: string, ports: { smtpPort: number; webPort: number }, env: NodeJS.ProcessEnv) {
  return startManaged(
    "mail catcher",
    process.execPath,
    [
      path.join(root, "node_modules", "maildev", "dist", "bin", "maildev.js"),
      ...["--smtp", String(ports.smtpPort), "--web", String(ports.webPort)],
      ...["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"],
    ],
    { env, quiet: true },
  );
}
