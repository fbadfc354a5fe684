"use client";

import { useState } from "react";
import { callApi } from "@/components/ui/use-api-form";

export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, setState] = useState<"idle" | "sent" | "failed">("idle");
  async function resend() {
    const result = await callApi("/api/v1/auth/verify-email/resend");
    setState(result.ok ? "sent" : "failed");
  }
  return (
    <div className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900">
      Confirm your email address ({email}).{" "}
      {state === "sent" ? (
        "A new link is on its way."
      ) : state === "failed" ? (
        "We could not send the link; try again later."
      ) : (
        <button type="button" onClick={resend} className="font-medium underline">
          Send the link again
        </button>
      )}
    </div>
  );
}
