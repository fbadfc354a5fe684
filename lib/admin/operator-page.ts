import "server-only";
import { notFound } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";

/** For pages under /admin: the signed-in platform operator. Anyone else, signed in or not, gets a 404. */
export async function loadOperatorPage() {
  const user = await getCurrentUser();
  if (!user?.isSuperadmin) notFound();
  return user;
}
