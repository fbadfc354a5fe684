"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiErrorAlert } from "@/components/billing/api-error-alert";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/ui/use-api-form";

/** Paste a license to install or renew it; it is checked before anything changes, and refused with the reason. */
export function LicenseForm() {
  const router = useRouter();
  const { pending, error, submit } = useApiForm();
  const [license, setLicense] = useState("");
  const [installed, setInstalled] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setInstalled(false);
        if (await submit("/api/v1/admin/license", { method: "PUT", body: { license } })) {
          setInstalled(true);
          setLicense("");
          router.refresh();
        }
      }}
    >
      <label htmlFor="license-token" className="block text-sm font-medium">
        License
      </label>
      <textarea
        id="license-token"
        value={license}
        onChange={(e) => setLicense(e.target.value)}
        rows={4}
        spellCheck={false}
        className="block w-full rounded-lg border border-zinc-300 px-3 py-2 font-mono text-xs"
        placeholder="eyJhbGciOiJFZERTQSIs…"
      />
      <Button type="submit" disabled={pending || !license.trim()}>
        Install license
      </Button>
      {error ? <ApiErrorAlert error={error} /> : null}
      {installed ? <Alert tone="success">Installed: the new limits apply now.</Alert> : null}
    </form>
  );
}
